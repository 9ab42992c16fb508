// Builds what is missing or stale before `npm start` (and the other npm scripts that run the built
// server): the server (dist/*.js, from src/) and the web app (dist/web, from web/), so that
// `npm ci && npm start` works on a fresh clone with no other step.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

const stale = (output, ...sources) =>
  !existsSync(output) ||
  statSync(output).mtimeMs <
    Math.max(...sources.map((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs)));

const root = join(__dirname, '..');
if (stale(join(root, 'dist', 'main.js'), join(root, 'src'))) {
  process.stderr.write('Building the Caseline server (dist/ is missing or older than src/)...\n');
  execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'inherit' });
}
// web/ holds index.html, vite.config.ts, tsconfig.json and src/; package.json changes the libraries.
if (stale(join(root, 'dist', 'web', 'index.html'), join(root, 'web'), join(root, 'package-lock.json'))) {
  process.stderr.write(
    'Building the Caseline web app (dist/web is missing or older than web/); the first build may take a minute...\n',
  );
  execSync('npx vite build --config web/vite.config.ts --logLevel warn', { cwd: root, stdio: 'inherit' });
}
