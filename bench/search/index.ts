import sqlite3 from 'sqlite3';
import { bootApp, percentile, removeDir, report, runBench, staffToken, tempDir } from '../intake/support';
import { bulkSeed } from './bulk-seed';

/**
 * bench/search: 100,000 demo cases on SQLite, then GET /api/cases?q=<surname> and a filtered list
 * sorted by appealDeadline, one request at a time (latency, not queueing), against the same
 * count + page queries run raw on node-sqlite3.
 */
const CASES = Number(process.env.BENCH_SEARCH_CASES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? 150);
const TARGET = { atMost: 50 } as const;
const SURNAME = 'whitlock';
const FILTERED =
  '/api/cases?status=appeal_lodged,hearing_scheduled,awaiting_decision&region=Scotland&sort=appealDeadline';

async function timeRequests(url: string, token: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function timeRaw(dbPath: string, sql: string[], params: unknown[][], n: number): Promise<number[]> {
  const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY);
  const all = (q: string, p: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => db.all(q, p, (e, rows) => (e ? reject(e) : resolve(rows))));
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    for (let j = 0; j < sql.length; j++) await all(sql[j], params[j]);
    times.push(performance.now() - started);
  }
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return times.sort((a, b) => a - b);
}

runBench(async () => {
  const dir = tempDir();
  try {
    // Migrate (and create the admin) by booting once, then bulk-load and boot again.
    let app = await bootApp(dir);
    const adminId = (
      await app.api(await app.login('bench-admin@caseline.test', 'bench-admin-password'), 'GET', '/api/me')
    ).body.id;
    await app.close();
    const started = Date.now();
    await bulkSeed(app.dbPath, CASES, adminId);
    process.stdout.write(`  seeded ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    app = await bootApp(dir);
    const token = await staffToken(app, 'coordinator');

    const first = await app.api(token, 'GET', `/api/cases?q=${SURNAME}`);
    const second = await app.api(token, 'GET', FILTERED);
    process.stdout.write(
      `  q=${SURNAME}: ${first.body.total} matches; filtered list: ${second.body.total} matches\n`,
    );
    await timeRequests(`${app.url}/api/cases?q=${SURNAME}`, token, 10); // warm-up

    const q = await timeRequests(`${app.url}/api/cases?q=${SURNAME}`, token, REQUESTS);
    const filtered = await timeRequests(`${app.url}${FILTERED}`, token, REQUESTS);
    await app.close();

    const like = `%${SURNAME}%`;
    const rawQ = await timeRaw(
      app.dbPath,
      [
        `SELECT COUNT(*) FROM cases c JOIN members m ON m.id = c.member_id WHERE c.reference LIKE ? OR m.membership_number LIKE ?
          OR m.normalised_name LIKE ? OR LOWER(c.summary) LIKE ?`,
        `SELECT * FROM cases c JOIN members m ON m.id = c.member_id WHERE c.reference LIKE ? OR m.membership_number LIKE ?
          OR m.normalised_name LIKE ? OR LOWER(c.summary) LIKE ? ORDER BY c.updated_at DESC, c.id DESC LIMIT 50`,
      ],
      [
        [like.toUpperCase(), like.toUpperCase(), like, like],
        [like.toUpperCase(), like.toUpperCase(), like, like],
      ],
      REQUESTS,
    );
    const statuses = ['appeal_lodged', 'hearing_scheduled', 'awaiting_decision'];
    const rawFiltered = await timeRaw(
      app.dbPath,
      [
        `SELECT COUNT(*) FROM cases c JOIN members m ON m.id = c.member_id WHERE c.status IN (?,?,?) AND LOWER(m.region) = ?`,
        `SELECT * FROM cases c JOIN members m ON m.id = c.member_id WHERE c.status IN (?,?,?) AND LOWER(m.region) = ?
          ORDER BY c.appeal_deadline ASC, c.id ASC LIMIT 50`,
      ],
      [
        [...statuses, 'scotland'],
        [...statuses, 'scotland'],
      ],
      REQUESTS,
    );
    process.stdout.write(
      `  GET ?q=${SURNAME}: p50 ${percentile(q, 50).toFixed(1)} ms, p95 ${percentile(q, 95).toFixed(1)} ms; ` +
        `raw p95 ${percentile(rawQ, 95).toFixed(1)} ms\n` +
        `  GET filtered, sorted by appealDeadline: p50 ${percentile(filtered, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(filtered, 95).toFixed(1)} ms; raw p95 ${percentile(rawFiltered, 95).toFixed(1)} ms\n`,
    );
    return [
      report('search.q.p95', percentile(q, 95), 'ms', percentile(rawQ, 95), TARGET),
      report('search.filtered.p95', percentile(filtered, 95), 'ms', percentile(rawFiltered, 95), TARGET),
    ].every(Boolean);
  } finally {
    removeDir(dir);
  }
});
