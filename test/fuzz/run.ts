// `npm run fuzz -- --minutes 10 [--seed N] [--requests N]`: the fuzz test of the e2e suite, run
// longer — for before a release. Boots the built server on a fresh database as the e2e tests do
// (SQLite; TEST_DATABASE=postgres with TEST_POSTGRES_URL for PostgreSQL).
import { createTestApp } from '../helpers/test-app';
import { describeFailure, fuzzApp } from './fuzzer';
import { seedFrom } from './random';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<number> {
  const minutes = Number(option('minutes') ?? 10);
  const maxRequests = Number(option('requests') ?? Number.MAX_SAFE_INTEGER);
  if (!(minutes > 0) || !(maxRequests > 0))
    throw new Error('usage: npm run fuzz -- --minutes N [--seed N] [--requests N]');
  const seed = seedFrom(option('seed') ?? process.env.FUZZ_SEED);
  const t = await createTestApp();
  try {
    const report = await fuzzApp(t, { seed, durationMs: minutes * 60_000, maxRequests });
    const covered = Object.keys(report.statuses).length;
    process.stdout.write(
      `\n${report.requests} requests over ${covered} of ${report.operations} operations; ` +
        `${report.failureCount} failures; seed ${seed}\n`,
    );
    for (const f of report.failures) process.stdout.write(`\n${describeFailure(seed, f)}\n`);
    return report.failureCount ? 1 : 0;
  } finally {
    await t.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
