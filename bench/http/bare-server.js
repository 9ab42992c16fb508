// The raw component: a bare node:http server answering the same JSON as /health/live.
const { createServer } = require('node:http');

const body = JSON.stringify({ status: 'ok' });
const server = createServer((_req, res) => {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://localhost:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
