import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DURATION_S, bootApp, load, peakRssMb, removeDir, report, runBench, staffToken } from './support';
import { rawIntakes } from './raw-sqlite';

/**
 * bench/intake: POST /api/cases as a caseworker on SQLite (every intake a new member with its own
 * membership number), against raw node-sqlite3 writing the same rows, one transaction each, in
 * the same run and on the same database file. For context it also prints the same intakes sent by
 * ten caseworkers in turn (so that no two requests in a row share the auth guard's read of their
 * user), what the simplest authenticated route (GET /api/me) manages with the same token and
 * connections, and the server's CPU time per intake. Last, what the verifiable log costs: two fresh
 * servers in turn, one whose log writer appends nothing (bench/intake/no-log.cjs), the raw component
 * of `intake.with_log` (target: the log keeps at least 85 % of the throughput; see logCost).
 */
const TARGETS = {
  throughput: { atLeast: 1000 },
  p99: { atMost: 50 },
  withLog: { ratioAtLeast: 0.85 },
} as const;

/** The log's tree size in a server's database file. */
function treeSize(dbPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY);
    db.get('SELECT tree_size FROM log_head', (err, row: { tree_size: number } | undefined) => {
      db.close();
      if (err) reject(err);
      else resolve(row?.tree_size ?? 0);
    });
  });
}

/** POST /api/cases as the holder of `token`, each request with a new body. */
const intakeRequest = (token: string, body: () => string) => ({
  method: 'POST' as const,
  path: '/api/cases',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  setupRequest: (req: object) => ({ ...req, body: body() }),
});

const ROUNDS = 3;
const ROUND_S = 4;

/**
 * What the log costs an intake, measured fairly: two fresh servers side by side, one as it is and
 * one whose log writer appends nothing, the same intakes sent to each in turn — rounds of ROUND_S
 * seconds, the order swapped every round — so that both meet the same disk and the same machine.
 * The median round of each; the server without the log is checked to have logged nothing.
 */
async function logCost(body: () => string): Promise<{ withLog: number; withoutLog: number }> {
  const withLog = await bootApp();
  const withoutLog = await bootApp(undefined, { NODE_OPTIONS: `--require ${join(__dirname, 'no-log.cjs')}` });
  try {
    const servers = await Promise.all(
      [withLog, withoutLog].map(async (app) => {
        const token = await staffToken(app, 'caseworker');
        const request = intakeRequest(token, body);
        return { app, request, sizeBefore: await treeSize(app.dbPath), rates: [] as number[], total: 0 };
      }),
    );
    for (const s of servers) await load({ url: s.app.url, requests: [s.request], duration: 2 }); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 ? [...servers].reverse() : servers) {
        const r = await load({ url: s.app.url, requests: [s.request], duration: ROUND_S });
        if (r.non2xx || r.errors) throw new Error(`log cost: ${r.non2xx} non-2xx, ${r.errors} errors`);
        s.rates.push(r.reqPerSec);
        s.total += r.total;
      }
    }
    const [logged, unlogged] = servers;
    const grownWith = (await treeSize(withLog.dbPath)) - logged.sizeBefore;
    if (grownWith < logged.total)
      throw new Error(`the log grew by ${grownWith} leaves for ${logged.total} intakes`);
    const grownWithout = (await treeSize(withoutLog.dbPath)) - unlogged.sizeBefore;
    if (grownWithout !== 0)
      throw new Error(`the log grew by ${grownWithout} leaves on the server without it`);
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    return { withLog: median(logged.rates), withoutLog: median(unlogged.rates) };
  } finally {
    for (const app of [withLog, withoutLog]) {
      await app.close();
      removeDir(app.dir);
    }
  }
}

/** CPU time (user + system, all threads) a process has used so far, in ms (from /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // clock ticks of 1/100 s
}

runBench(async () => {
  const app = await bootApp();
  let ok = true;
  try {
    const token = await staffToken(app, 'caseworker');
    const tenCaseworkers = await Promise.all(Array.from({ length: 10 }, () => staffToken(app, 'caseworker')));
    let n = 0;
    const body = (actionDate = '2019-03-01', notifiedAt = '2019-03-04') =>
      JSON.stringify({
        member: {
          fullName: `Bench Member ${++n}`,
          membershipNumber: `B${process.pid}-${n}`,
          email: `bench${n}@example.org`,
          constituencyParty: 'Benchtown CLP',
          region: 'North West',
        },
        actionType: 'suspension',
        actionDate,
        notifiedAt,
        issuingBody: 'National Executive Committee',
        allegations: ['social media posts'],
        summary: 'Benchmark intake',
      });
    const request = intakeRequest(token, body);
    await load({ url: app.url, requests: [request], duration: 2 }); // warm-up
    const cpuBefore = cpuMs(app.server.pid);
    const result = await load({ url: app.url, requests: [request] });
    const cpuPerIntake = (cpuMs(app.server.pid) - cpuBefore) / Math.max(1, result.total);
    const peak = peakRssMb(app.server.pid);
    // The same intake of a notice served yesterday: its appeal deadline is ahead, so each case
    // also gets its first reminders (rows, audit entries and Redis jobs) — what most real intakes do.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const live = await load({
      url: app.url,
      requests: [
        { ...request, setupRequest: (req: object) => ({ ...req, body: body(yesterday, yesterday) }) },
      ],
    });
    // The same intakes from ten caseworkers, each request signed by the next one.
    let turn = 0;
    const many = await load({
      url: app.url,
      requests: [
        {
          ...request,
          setupRequest: (req: { headers?: Record<string, string> }) => ({
            ...req,
            headers: {
              ...req.headers,
              authorization: `Bearer ${tenCaseworkers[turn++ % tenCaseworkers.length]}`,
            },
            body: body(),
          }),
        },
      ],
    });
    // The ceiling of any authenticated route on this machine: the same token and connections on
    // GET /api/me (JWT check, one user read, one log line), the server already warm.
    const me = await load({
      url: app.url,
      requests: [{ method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${token}` } }],
    });
    await app.close();
    if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
    if (live.non2xx || live.errors)
      throw new Error(`live deadline: ${live.non2xx} non-2xx, ${live.errors} errors`);
    if (many.non2xx || many.errors)
      throw new Error(`ten caseworkers: ${many.non2xx} non-2xx, ${many.errors} errors`);
    if (me.non2xx || me.errors) throw new Error(`GET /api/me: ${me.non2xx} non-2xx, ${me.errors} errors`);

    const sizeAfter = await treeSize(app.dbPath);
    if (sizeAfter < result.total)
      throw new Error(`the log holds ${sizeAfter} leaves after ${result.total} intakes`);
    const cost = await logCost(body);

    const userId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub as string;
    const raw = await rawIntakes(app.dbPath, DURATION_S, userId);

    process.stdout.write(
      `  POST /api/cases: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (${result.total} intakes)\n` +
        `  raw node-sqlite3: ${raw.perSec.toFixed(0)} intakes/s, p50 ${raw.p50.toFixed(2)} ms, p99 ${raw.p99.toFixed(2)} ms\n` +
        `  POST /api/cases, appeal deadline ahead (reminders planned): ${live.reqPerSec.toFixed(0)} req/s, p50 ${live.p50Ms} ms, p99 ${live.p99Ms} ms\n` +
        `  POST /api/cases, ten caseworkers in turn: ${many.reqPerSec.toFixed(0)} req/s, p50 ${many.p50Ms} ms, p99 ${many.p99Ms} ms\n` +
        `  GET /api/me, same token and connections: ${me.reqPerSec.toFixed(0)} req/s, p99 ${me.p99Ms} ms\n` +
        `  server CPU (all threads) per intake: ${cpuPerIntake.toFixed(2)} ms\n` +
        `  POST /api/cases, two fresh servers in turn (${ROUNDS} rounds of ${ROUND_S} s, median): ${cost.withLog.toFixed(0)} req/s with the log, ${cost.withoutLog.toFixed(0)} req/s with a log that appends nothing\n`,
    );
    ok = [
      report('intake.throughput', result.reqPerSec, 'req/s', raw.perSec, TARGETS.throughput),
      report('intake.p50', result.p50Ms, 'ms', raw.p50, {}),
      report('intake.p99', result.p99Ms, 'ms', raw.p99, TARGETS.p99),
      // Against the simplest authenticated route rather than raw SQLite: how much of that ceiling
      // an intake keeps.
      report('intake.live_deadline', live.reqPerSec, 'req/s', raw.perSec, {}),
      report('intake.live_deadline_p99', live.p99Ms, 'ms', raw.p99, {}),
      report('intake.ten_caseworkers', many.reqPerSec, 'req/s', raw.perSec, {}),
      report('intake.ten_caseworkers_p99', many.p99Ms, 'ms', raw.p99, {}),
      report('intake.vs_get_me', result.reqPerSec, 'req/s', me.reqPerSec, {}),
      report('intake.server_cpu', cpuPerIntake, 'ms/intake', 0, {}),
      report('intake.peak_rss', peak, 'MiB', 0, {}),
      report('intake.with_log', cost.withLog, 'req/s', cost.withoutLog, TARGETS.withLog),
    ].every(Boolean);
  } finally {
    await app.close();
    removeDir(app.dir);
  }
  return ok;
});
