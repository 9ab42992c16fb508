/**
 * bench/export: 1,000,000 timeline events over 20,000 cases, bulk-inserted into a fresh SQLite
 * file, then the CSV export streamed over HTTP from the built server — rows/s, time to first
 * byte and the server's peak RSS — against the raw ceiling measured in the same run: a plain
 * SELECT of the same rows through the same driver (sqlite3) into csv-stringify writing to
 * /dev/null. Then the same pseudonymised.
 *
 *   npx tsc -p tsconfig.build.json && npx ts-node --transpile-only bench/export/index.ts
 *   (BENCH_EVENTS, BENCH_CASES to change the size; REDIS_URL optional — the export needs no Redis)
 */
import { stringify } from 'csv-stringify';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { CSV_COLUMNS } from '../../src/exports/export-format';
import { startServer } from '../../test/helpers/server';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const ADMIN_EMAIL = 'bench-admin@caseline.test';
const ADMIN_PASSWORD = 'bench-admin-password';
const MiB = 1024 * 1024;

const FIRST = [
  'Ann',
  'Robert',
  'Maria',
  'Tom',
  'Siobhan',
  'Kwame',
  'Li',
  'Priya',
  'Gareth',
  'Zoë',
  'Ahmed',
  'Jo',
];
const LAST = [
  'Example',
  'Bloggs',
  'de la Cruz',
  'Evans',
  "O'Brien",
  'Mensah',
  'Wei',
  'Patel',
  'Jones',
  'Łukasz',
];
const TYPES = ['note', 'correspondence', 'meeting', 'media', 'hearing', 'decision'];
const PRECISIONS = ['exact', 'day', 'month', 'year'];

function q(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<unknown[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))),
  );
}

const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function insertRows(db: sqlite3.Database, table: string, columns: string[], rows: unknown[][]) {
  const perStatement = Math.floor(30_000 / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
    await q(db, `INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders}`, chunk.flat());
  }
}

async function seed(file: string): Promise<void> {
  const db = new sqlite3.Database(file);
  await q(db, 'PRAGMA synchronous = OFF');
  await q(db, 'PRAGMA foreign_keys = ON');
  const [admin] = (await q(db, 'SELECT id FROM users WHERE email = ?', [ADMIN_EMAIL])) as { id: string }[];
  const now = ts(Date.now());
  const members: { id: string; name: string }[] = [];
  const caseIds: string[] = [];
  await q(db, 'BEGIN');
  const memberRows: unknown[][] = [];
  const caseRows: unknown[][] = [];
  for (let i = 0; i < CASES; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const id = randomUUID();
    members.push({ id, name });
    memberRows.push([
      id,
      name,
      name.toLowerCase(),
      `B${i}`,
      `m${i}@mail.test`,
      `0770${String(i).padStart(7, '0')}`,
      `CLP ${i % 400}`,
      `Region ${i % 12}`,
      1,
      i % 10 === 0 ? 0 : 1,
      1,
      now,
      now,
    ]);
    const caseId = randomUUID();
    caseIds.push(caseId);
    caseRows.push([
      caseId,
      `CL-2019-${String(i).padStart(5, '0')}`,
      id,
      'suspension',
      '2019-01-10',
      '2019-01-12',
      '2019-02-09',
      `Body ${i % 5}`,
      '["conduct"]',
      'Summary',
      'normal',
      '[]',
      admin.id,
      'intake',
      1,
      now,
      now,
    ]);
  }
  await insertRows(
    db,
    'members',
    [
      'id',
      'full_name',
      'normalised_name',
      'membership_number',
      'email',
      'phone',
      'constituency_party',
      'region',
      'consent_to_contact',
      'consent_to_research',
      'version',
      'created_at',
      'updated_at',
    ],
    memberRows,
  );
  await insertRows(
    db,
    'cases',
    [
      'id',
      'reference',
      'member_id',
      'action_type',
      'action_date',
      'notified_at',
      'appeal_deadline',
      'issuing_body',
      'allegations',
      'summary',
      'priority',
      'tags',
      'created_by',
      'status',
      'version',
      'created_at',
      'updated_at',
    ],
    caseRows,
  );
  await q(db, 'COMMIT');

  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2025, 0, 1) - start;
  const BATCH = 50_000;
  for (let done = 0; done < EVENTS; done += BATCH) {
    const rows: unknown[][] = [];
    for (let j = done; j < Math.min(EVENTS, done + BATCH); j++) {
      const c = j % CASES;
      const first = members[c].name.split(' ')[0];
      rows.push([
        randomUUID(),
        caseIds[c],
        TYPES[j % TYPES.length],
        ts(start + Math.floor(Math.random() * span)),
        PRECISIONS[j % PRECISIONS.length],
        `Letter to ${members[c].name}, ref ${j}`,
        `${first}'s appeal was discussed; "quoted", with commas, and ${first.toUpperCase()} replied at length.`,
        j % 3 === 0 ? `Email from ${first}` : null,
        '[]',
        now,
        admin.id,
      ]);
    }
    await q(db, 'BEGIN');
    await insertRows(
      db,
      'timeline_events',
      [
        'id',
        'case_id',
        'type',
        'occurred_at',
        'precision',
        'title',
        'description',
        'source',
        'evidence_ids',
        'recorded_at',
        'recorded_by',
      ],
      rows,
    );
    await q(db, 'COMMIT');
    process.stderr.write(`\rseeded ${Math.min(EVENTS, done + BATCH)} / ${EVENTS} events`);
  }
  process.stderr.write('\n');
  await q(db, 'ANALYZE');
  await new Promise<void>((r) => db.close(() => r()));
}

/** The raw ceiling: the same rows, same order, same driver, straight into csv-stringify → /dev/null. */
async function rawCeiling(file: string): Promise<{ rows: number; seconds: number }> {
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  const out = createWriteStream('/dev/null');
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
  csv.pipe(out);
  const started = process.hrtime.bigint();
  const rows = await new Promise<number>((resolve, reject) =>
    db.each(
      `SELECT c.reference, m.full_name, m.region, m.constituency_party, c.action_type, c.status, e.id, e.type,
         e.occurred_at, e.precision, e.title, e.description, e.source, e.evidence_ids, e.recorded_at, e.recorded_by,
         e.supersedes, e.superseded_by
       FROM timeline_events e JOIN cases c ON c.id = e.case_id JOIN members m ON m.id = c.member_id
       WHERE e.superseded_by IS NULL ORDER BY e.occurred_at, e.id`,
      (err, row) => {
        if (err) reject(err);
        else csv.write(Object.values(row as object));
      },
      (err, count) => (err ? reject(err) : resolve(count)),
    ),
  );
  csv.end();
  await new Promise((r) => out.on('close', r));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise<void>((r) => db.close(() => r()));
  return { rows, seconds };
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Streams the export over HTTP, counting rows (CRLF record ends) without keeping the body. */
function httpExport(url: string, token: string, pid: number) {
  return new Promise<{ rows: number; bytes: number; seconds: number; ttfbMs: number; peakRss: number }>(
    (resolve, reject) => {
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid).rss)), 25);
      const started = process.hrtime.bigint();
      let ttfbMs = -1;
      let bytes = 0;
      let records = 0;
      http
        .get(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
          res.on('data', (chunk: Buffer) => {
            if (ttfbMs < 0) ttfbMs = Number(process.hrtime.bigint() - started) / 1e6;
            bytes += chunk.length;
            for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) records++;
          });
          res.on('end', () => {
            clearInterval(sampler);
            peakRss = Math.max(peakRss, rssOf(pid).rss);
            resolve({
              rows: records - 1,
              bytes,
              seconds: Number(process.hrtime.bigint() - started) / 1e9,
              ttfbMs,
              peakRss,
            });
          });
        })
        .on('error', reject);
    },
  );
}

export async function run(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-export-'));
  const file = join(dir, 'bench.sqlite');
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${file}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14',
    JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0000',
    PSEUDONYM_SECRET: 'bench-pseudonym-secret-bench-pseudonym-0',
    LOG_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DATA_DIR: dir,
    EXPORT_DIR: join(dir, 'exports'),
    EVIDENCE_DIR: join(dir, 'evidence'),
    LOG_LEVEL: 'warn',
    WORKER: 'off',
    PUBLIC_URL: 'http://localhost',
  };
  let ok = true;
  try {
    // First boot creates the schema and the admin; the data goes in with the server stopped.
    const first = await startServer(env);
    await first.stop();
    const seedStart = Date.now();
    await seed(file);
    if (process.env.BENCH_SEED_ONLY) {
      console.log(`export: seeded ${file}`);
      return true;
    }
    console.log(
      `export: seeded ${EVENTS} events over ${CASES} cases in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const server = await startServer(env);
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const idle = rssOf(server.pid).rss;

      const raw = await rawCeiling(file);
      const rawRate = raw.rows / raw.seconds;
      const report = (label: string, target: number, r: Awaited<ReturnType<typeof httpExport>>) => {
        const rate = r.rows / r.seconds;
        const ratio = rate / rawRate;
        const lines = [
          [
            `${label}: ${Math.round(rate)} rows/s, raw ${Math.round(rawRate)} rows/s, ratio ${ratio.toFixed(2)} (target ≥ ${target})`,
            ratio >= target,
          ],
          [`${label} ttfb: ${r.ttfbMs.toFixed(0)} ms (target < 500 ms)`, r.ttfbMs < 500],
          [
            `${label} peak RSS: ${(r.peakRss / MiB).toFixed(0)} MiB (idle ${(idle / MiB).toFixed(0)} MiB, target < 200 MiB)`,
            r.peakRss < 200 * MiB,
          ],
        ] as const;
        for (const [text, pass] of lines) {
          console.log(`${text} ${pass ? 'ok' : 'short'}`);
          ok &&= pass;
        }
        console.log(
          `${label}: ${r.rows} rows, ${(r.bytes / MiB).toFixed(0)} MiB in ${r.seconds.toFixed(1)} s`,
        );
        if (r.rows !== raw.rows) {
          console.log(`${label}: row count ${r.rows} differs from raw ${raw.rows} short`);
          ok = false;
        }
      };
      const base = `${server.url}/api/exports/timeline?format=csv`;
      report('export csv', 0.5, await httpExport(`${base}&pseudonymise=false`, accessToken, server.pid));
      report('export csv pseudonymised', 0.4, await httpExport(base, accessToken, server.pid));
      console.log(
        `export raw: ${raw.rows} rows in ${raw.seconds.toFixed(1)} s (sqlite3 SELECT → csv-stringify → /dev/null)`,
      );
      console.log(
        `export server peak RSS (VmHWM, whole run): ${(rssOf(server.pid).peak / MiB).toFixed(0)} MiB`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    if (process.env.BENCH_KEEP || process.env.BENCH_SEED_ONLY) console.log(`export: kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}

if (require.main === module) {
  run().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
