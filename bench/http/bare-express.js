// A second raw component: Express alone (the HTTP layer Nest runs on), same JSON as /health/live.
const express = require('express');

const app = express();
app.disable('x-powered-by');
app.get('/health/live', (_req, res) => res.json({ status: 'ok' }));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://localhost:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
