// `npm run api:generate`: writes web/src/api/schema.d.ts, the web app's types of the API, from the
// OpenAPI document of the BUILT server (dist/main.js). It boots that server on a throwaway SQLite
// database (no Redis needed), fetches /docs-json, and runs openapi-typescript on it.
//   node scripts/api-generate.js [--out FILE]   (default web/src/api/schema.d.ts)
// test/web/api-schema.e2e-spec.ts runs it with --out into a temp folder and fails when the
// committed file differs: regenerate and commit after changing a controller or DTO.
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'web', 'src', 'api', 'schema.d.ts');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-api-generate-'));
  const server = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'caseline.sqlite')}`,
      // Nothing listens there: the document does not depend on Redis.
      REDIS_URL: 'redis://127.0.0.1:1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
      LOG_SIGNING_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: dir,
      EVIDENCE_DIR: join(dir, 'evidence'),
      EXPORT_DIR: join(dir, 'exports'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise((resolve, reject) => {
      let seen = '';
      const onData = (chunk) => {
        seen += chunk.toString();
        const m = /listening on http:\/\/localhost:(\d+)/.exec(seen);
        if (m) resolve(Number(m[1]));
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${seen.slice(-3000)}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!res.ok) throw new Error(`/docs-json answered ${res.status}`);
    const json = join(dir, 'openapi.json');
    writeFileSync(json, await res.text());
    const bin = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const r = spawnSync(process.execPath, [bin, json, '--output', out, '--default-non-nullable', 'false'], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('openapi-typescript failed');
  } finally {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`api:generate failed: ${e.message}\n`);
  process.exit(1);
});
