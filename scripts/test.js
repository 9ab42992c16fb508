// `npm test`: unit specs, the e2e suite on SQLite, the web app's browser journeys, and the e2e suite
// again on PostgreSQL when TEST_POSTGRES_URL is set. Extra arguments are passed to jest (e.g. a path filter).
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
const jest = require.resolve('jest/bin/jest');
function run(label, jestArgs, env) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const r = spawnSync(process.execPath, [jest, '--config', 'jest.config.js', ...jestArgs, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) {
    process.stdout.write(`\n${label} failed\n`);
    process.exit(r.status ?? 1);
  }
}

// jest, its workers and every server the tests start run on this same node (process.execPath),
// so CI's Node 24 pass is Node 24 throughout.
process.stdout.write(`Node ${process.version} (${process.execPath})\n`);

// The e2e suite drives the built server (node dist/main.js) and its browser journeys the built web
// app (dist/web), so build both first (`npm run build`: the server, then the web app type-checked).
// CI has just built with this same node and says so (CASELINE_BUILT=1): no second build.
if (process.env.CASELINE_BUILT === '1') {
  process.stdout.write('Using the build CI has just made.\n');
} else {
  process.stdout.write('Building the server and the web app...\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

run('unit tests', ['--selectProjects', 'unit'], {});
run('e2e tests on SQLite', ['--selectProjects', 'e2e', '--maxWorkers=2'], { TEST_DATABASE: 'sqlite' });
// The web app in headless Chromium (shipped in the @sparticuz/chromium package: no download), one
// journey file at a time: each runs a server and a browser.
run('browser journeys of the web app (SQLite)', ['--selectProjects', 'web', '--runInBand'], {
  TEST_DATABASE: 'sqlite',
});
if (process.env.TEST_POSTGRES_URL) {
  run('e2e tests on PostgreSQL', ['--selectProjects', 'e2e', '--maxWorkers=2'], { TEST_DATABASE: 'postgres' });
} else {
  process.stdout.write('\nTEST_POSTGRES_URL is not set: the PostgreSQL e2e pass was skipped.\n');
}
