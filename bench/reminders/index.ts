/**
 * bench/reminders: how close Caseline's reminder delivery comes to raw Bull.
 *  1. burst: 10,000 reminders due at the same moment (bulk-inserted with SQL, enqueued by the
 *     reconciler at start) → time from the due moment until all 10,000 in-app notifications exist.
 *     Target ≤ 10 s.
 *  2. lateness: single reminders created through the API, due one after another → notification
 *     time minus due time, p50 and p99. Target p99 < 1 s.
 *  3. raw: 10,000 no-op delayed Bull jobs due at the same moment, processed with the same
 *     concurrency in this process → time from the due moment until all are done (the ceiling).
 * Standalone: `npx ts-node --transpile-only bench/reminders/index.ts` (builds nothing: run
 * `npx tsc -p tsconfig.build.json` first). REDIS_URL (default redis://127.0.0.1:6379/13, flushed)
 * and DATABASE_URL (default: a temporary SQLite file) may be set.
 */
import Queue from 'bull';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { dbTimestamp, seedCase } from '../../test/factories/seed';
import { openDb, TestDb } from '../../test/helpers/db';
import { RunningServer, startServer } from '../../test/helpers/server';

const BURST = Number(process.env.BENCH_REMINDERS ?? 10_000);
const SINGLES = Number(process.env.BENCH_SINGLES ?? 100);
const CONCURRENCY = 50; // DELIVERY_CONCURRENCY in src/reminders/reminder.processor.ts
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/13';
const ADMIN_EMAIL = 'bench@caseline.test';
const ADMIN_PASSWORD = 'bench-password-long-enough';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
const toMs = (v: unknown) =>
  v instanceof Date
    ? v.getTime()
    : Date.parse(/[zZ]$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`);

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, interval = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(interval);
  }
  return false;
}

async function insertBurst(db: TestDb, caseId: string, userId: string, dueAt: Date): Promise<void> {
  const now = dbTimestamp(db, new Date());
  const due = dbTimestamp(db, dueAt);
  const batch = 500;
  if (db.kind === 'sqlite') await db.query('BEGIN');
  for (let i = 0; i < BURST; i += batch) {
    const n = Math.min(batch, BURST - i);
    const values = Array.from(
      { length: n },
      () => "(?, ?, 'custom', ?, '[\"inapp\"]', ?, ?, 'scheduled', 0, 1, ?, ?)",
    ).join(',');
    const params: unknown[] = [];
    for (let j = 0; j < n; j++) {
      params.push(randomUUID(), caseId, `Burst reminder ${i + j}`, JSON.stringify([userId]), due, now, now);
    }
    await db.query(
      `INSERT INTO reminders (id, case_id, kind, message, channels, recipient_ids, due_at, status, attempts, version, created_at, updated_at) VALUES ${values}`,
      params,
    );
  }
  if (db.kind === 'sqlite') await db.query('COMMIT');
}

async function rawBull(): Promise<{ seconds: number; addSeconds: number }> {
  const queue = new Queue('bench-raw', REDIS_URL);
  await queue.empty();
  let done = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (allDone = r));
  void queue.process(CONCURRENCY, async () => {
    if (++done === BURST) allDone();
  });
  const dueAt = Date.now() + 4000;
  const addStart = Date.now();
  for (let i = 0; i < BURST; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, BURST - i) }, (_, j) => ({
        data: { n: i + j },
        opts: { jobId: `raw:${i + j}`, delay: dueAt - Date.now(), removeOnComplete: true },
      })),
    );
  }
  const addSeconds = (Date.now() - addStart) / 1000;
  await finished;
  const seconds = (Date.now() - dueAt) / 1000;
  await queue.close();
  return { seconds, addSeconds };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-reminders-'));
  const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.sqlite')}`;
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    DATA_DIR: dir,
    EVIDENCE_DIR: join(dir, 'evidence'),
    EXPORT_DIR: join(dir, 'exports'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: process.env.BENCH_DEBUG ? 'debug' : 'warn',
    JWT_SECRET: 'b'.repeat(48),
    PSEUDONYM_SECRET: 'p'.repeat(48),
    LOG_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  let server: RunningServer | undefined;
  const db = await openDb(databaseUrl);
  try {
    // First start: migrations and the admin user.
    server = await startServer(env);
    const login = await request(server.url)
      .post('/api/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const token = login.body.accessToken as string;
    const adminId = login.body.user.id as string;
    const { caseId } = await seedCase(db, adminId, { assigneeId: adminId });
    await server.stop();

    // 1. Burst: rows written straight to the database; the reconciler queues them at start.
    const dueAt = new Date(Date.now() + 20_000);
    await insertBurst(db, caseId, adminId, dueAt);
    server = await startServer(env);
    const count = async () =>
      Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM notifications'))[0].n);
    await sleep(Math.max(0, dueAt.getTime() - Date.now()));
    const ok = await waitUntil(async () => (await count()) >= BURST, 300_000, 100);
    const burstSeconds = (Date.now() - dueAt.getTime()) / 1000;
    const [sent] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM reminders WHERE status = 'sent'");
    if (!ok) console.log(`burst: only ${await count()} of ${BURST} notifications after 300 s`);

    // 2. Lateness of single reminders, due 150 ms apart.
    const api = (path: string) => request(server!.url).post(path).set('Authorization', `Bearer ${token}`);
    const start = Date.now() + 3000;
    const ids: string[] = [];
    for (let i = 0; i < SINGLES; i++) {
      const res = await api(`/api/cases/${caseId}/reminders`).send({
        dueAt: new Date(start + i * 150).toISOString(),
        message: `Single ${i}`,
        recipientIds: [adminId],
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.id);
    }
    await sleep(Math.max(0, start + SINGLES * 150 - Date.now()));
    const placeholders = ids.map(() => '?').join(',');
    await waitUntil(
      async () =>
        Number(
          (
            await db.query<{ n: number }>(
              `SELECT COUNT(*) AS n FROM notifications WHERE reminder_id IN (${placeholders})`,
              ids,
            )
          )[0].n,
        ) >= SINGLES,
      60_000,
    );
    const rows = await db.query<{ due_at: unknown; created_at: unknown }>(
      `SELECT r.due_at, n.created_at FROM notifications n JOIN reminders r ON r.id = n.reminder_id WHERE r.id IN (${placeholders})`,
      ids,
    );
    const lateness = rows.map((r) => toMs(r.created_at) - toMs(r.due_at)).sort((a, b) => a - b);
    const rss = peakRssMiB(server.pid);
    if (process.env.BENCH_DEBUG) {
      const batches = server.output.filter((l) => l.includes('delivery batch')).map((l) => JSON.parse(l));
      console.log(
        `batches: ${batches.length}`,
        batches
          .slice(0, 40)
          .map((b) => `${b.size}/${b.ms}ms`)
          .join(' '),
      );
    }
    await server.stop();
    server = undefined;

    // 3. Raw Bull ceiling.
    const raw = await rawBull();

    const ratio = raw.seconds / burstSeconds;
    console.log(
      `reminders-burst: ${burstSeconds.toFixed(2)} s for ${BURST} notifications (${Number(sent.n)} sent), raw ${raw.seconds.toFixed(2)} s, ratio ${ratio.toFixed(2)} (target ≤ 10 s) ${burstSeconds <= 10 ? 'ok' : 'short'}`,
    );
    console.log(
      `reminders-throughput: ${(BURST / burstSeconds).toFixed(0)} reminders/s, raw ${(BURST / raw.seconds).toFixed(0)} jobs/s, ratio ${ratio.toFixed(2)} (raw add of ${BURST} delayed jobs: ${raw.addSeconds.toFixed(2)} s)`,
    );
    const p50 = percentile(lateness, 50);
    const p99 = percentile(lateness, 99);
    console.log(
      `reminders-lateness: p50 ${p50} ms, p99 ${p99} ms over ${lateness.length} reminders (target p99 < 1000 ms) ${p99 < 1000 ? 'ok' : 'short'}`,
    );
    console.log(`reminders: peak RSS of the server ${rss.toFixed(0)} MiB`);
  } finally {
    await server?.stop();
    await db.close();
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
