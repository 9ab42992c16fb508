import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run bench` runs every bench/<name>/index.ts; `npm run bench -- <name> [<name>...]` only those.
 * Each runs in its own process (its memory and event loop are its own) and exits 1 when a
 * figure fell short of its target.
 */
const root = __dirname;
const all = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')} (have: ${all.join(', ')})\n`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length ? wanted : all) {
  process.stdout.write(`\n=== bench/${name} (Node ${process.version}) ===\n`);
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(root, name, 'index.ts')],
    { stdio: 'inherit', env: process.env },
  );
  if (r.status !== 0) {
    failed++;
    process.stdout.write(
      `bench/${name}: ${r.status === 1 ? 'a figure fell short of its target' : 'failed'}\n`,
    );
  }
}
process.exit(failed ? 1 : 0);
