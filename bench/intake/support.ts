import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningServer, startServer } from '../../test/helpers/server';

/**
 * What bench/intake and bench/search need: boot the built server on a temporary SQLite file,
 * sign in, load it with autocannon, print the benchmark line. Runs standalone
 * (`npx ts-node --transpile-only bench/intake/index.ts`) and under bench/run.ts alike.
 */

export const ADMIN_EMAIL = 'bench-admin@caseline.test';
export const ADMIN_PASSWORD = 'bench-admin-password';
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const REDIS_BASE = (
  process.env.BENCH_REDIS_URL ??
  process.env.TEST_REDIS_URL ??
  'redis://127.0.0.1:6379'
).replace(/\/+$/, '');

export interface App {
  server: RunningServer;
  url: string;
  dir: string;
  dbPath: string;
  env: Record<string, string>;
  login(email: string, password: string): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose JSON bodies in a benchmark
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export function benchEnv(dir: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${join(dir, 'caseline.sqlite')}`,
    REDIS_URL: `${REDIS_BASE}/15`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('base64'),
    EVIDENCE_DIR: join(dir, 'evidence'),
    EXPORT_DIR: join(dir, 'exports'),
    DATA_DIR: dir,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    // Links in e-mails and feeds only; required in production.
    PUBLIC_URL: 'http://localhost:3000',
    LOG_LEVEL: 'warn',
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'caseline-bench-'));
}

export async function bootApp(dir = tempDir(), extraEnv: Record<string, string> = {}): Promise<App> {
  const env = { ...benchEnv(dir), ...extraEnv };
  const server = await startServer(env);
  server.process.stdout!.removeAllListeners('data');
  server.process.stdout!.resume();
  const api: App['api'] = async (token, method, path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const login = async (email: string, password: string) => {
    const res = await api('', 'POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return res.body.accessToken as string;
  };
  return {
    server,
    url: server.url,
    dir,
    dbPath: join(dir, 'caseline.sqlite'),
    env,
    login,
    api,
    close: async () => {
      await server.stop();
    },
  };
}

/** A new active user of `role`, created by the bench admin: their email and password. */
export async function createStaff(
  app: App,
  role: 'caseworker' | 'coordinator',
): Promise<{ email: string; password: string }> {
  const admin = await app.login(ADMIN_EMAIL, ADMIN_PASSWORD);
  const email = `${role}-${randomBytes(3).toString('hex')}@caseline.test`;
  const password = 'bench-password-long';
  const res = await app.api(admin, 'POST', '/api/users', {
    email,
    fullName: `Bench ${role}`,
    role,
    password,
  });
  if (res.status !== 201) throw new Error(`creating a ${role} failed: ${res.status}`);
  return { email, password };
}

export async function staffToken(app: App, role: 'caseworker' | 'coordinator'): Promise<string> {
  const { email, password } = await createStaff(app, role);
  return app.login(email, password);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const r = await autocannon({ duration: DURATION_S, connections: CONNECTIONS, pipelining: 1, ...options });
  const latency = r.latency as unknown as Record<string, number>;
  return {
    reqPerSec: r.requests.average,
    p50Ms: latency.p50,
    p95Ms: latency.p95 ?? latency.p97_5,
    p99Ms: latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: r.requests.total,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// The standard figure line and exit codes are the harness's own.
export { report, runBench } from '../lib';
