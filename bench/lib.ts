import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningServer, startServer } from '../test/helpers/server';

/** Shared pieces of the benchmarks: boot the built server, load it, sample its memory, print lines. */

export const BENCH_ADMIN_EMAIL = 'bench-admin@caseline.test';
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

/** Seconds per load run (BENCH_DURATION), connections (BENCH_CONNECTIONS). */
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 4);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const REDIS_BASE = (
  process.env.BENCH_REDIS_URL ??
  process.env.TEST_REDIS_URL ??
  'redis://127.0.0.1:6379'
).replace(/\/+$/, '');

export interface BenchApp {
  server: RunningServer;
  url: string;
  dir: string;
  /** A bearer token of the bootstrap admin. */
  token: string;
  close(): Promise<void>;
}

/** Boots the built server (node dist/main.js) on a fresh temporary SQLite database. */
export async function bootApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-'));
  const server = await startServer({
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${join(dir, 'caseline.sqlite')}`,
    REDIS_URL: `${REDIS_BASE}/15`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('base64'),
    EVIDENCE_DIR: join(dir, 'evidence'),
    EXPORT_DIR: join(dir, 'exports'),
    DATA_DIR: dir,
    ADMIN_EMAIL: BENCH_ADMIN_EMAIL,
    ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    // Links in e-mails and feeds only; required in production.
    PUBLIC_URL: 'http://localhost:3000',
    LOG_LEVEL: 'info',
    ...env,
  });
  // The server keeps every output line in memory for tests; a benchmark does not need them.
  server.process.stdout!.removeAllListeners('data');
  server.process.stdout!.resume();
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_ADMIN_EMAIL, password: BENCH_ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`bench login failed: ${res.status}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return {
    server,
    url: server.url,
    dir,
    token: accessToken,
    close: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resident memory of a process from /proc: current and peak (VmHWM), in MiB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Samples a process's RSS every `intervalMs`; stop() gives the highest seen (and the kernel's VmHWM). */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
  let peak = 0;
  const take = () => {
    try {
      const m = memoryOf(pid);
      peak = Math.max(peak, m.rssMb, m.peakMb);
    } catch {
      // the process has gone
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      take();
      clearInterval(timer);
      return peak;
    },
  };
}

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** Drives one URL with autocannon from this process. */
export async function load(
  url: string,
  options: { headers?: Record<string, string>; duration?: number; connections?: number } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    headers: options.headers,
    duration: options.duration ?? DURATION_S,
    connections: options.connections ?? CONNECTIONS,
    pipelining: 1,
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(0) : n.toFixed(2));

export interface Target {
  /** The figure must be at least this share of the raw component's (throughput). */
  ratioAtLeast?: number;
  /** The figure must be at most this many units (latency, memory). */
  atMost?: number;
  /** The figure must be at least this many units (throughput). */
  atLeast?: number;
}

/**
 * The one line format of every benchmark:
 * `<bench>: <value> <unit>, raw <value>, ratio <r> (target …) ok|short`.
 * `raw` is the same figure measured on the raw component in the same run.
 */
export function report(bench: string, value: number, unit: string, raw: number, target: Target): boolean {
  const ratio = raw ? value / raw : Infinity;
  const checks: string[] = [];
  let ok = true;
  if (target.ratioAtLeast !== undefined) {
    checks.push(`ratio ≥ ${target.ratioAtLeast}`);
    ok &&= ratio >= target.ratioAtLeast;
  }
  if (target.atLeast !== undefined) {
    checks.push(`≥ ${target.atLeast} ${unit}`);
    ok &&= value >= target.atLeast;
  }
  if (target.atMost !== undefined) {
    checks.push(`≤ ${target.atMost} ${unit}`);
    ok &&= value <= target.atMost;
  }
  process.stdout.write(
    `${bench}: ${fmt(value)} ${unit}, raw ${fmt(raw)}, ratio ${raw ? ratio.toFixed(2) : 'n/a'} ` +
      `(target ${checks.length ? checks.join(', ') : 'none: for information'}) ${ok ? 'ok' : 'short'}\n`,
  );
  return ok;
}

/** Runs a benchmark's main: exit code 0 when every figure met its target, 1 when one fell short. */
export function runBench(main: () => Promise<boolean>): void {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(2);
    },
  );
}
