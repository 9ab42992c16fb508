import { mkdirSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { percentile, removeDir, report, runBench, staffToken, tempDir } from '../intake/support';
import { seededApp } from './bulk-seed';
import { caseSearchMatch, caseSearchPage } from '../../src/cases/case-search';
import { probeKeys } from '../../src/members/matching/member-matcher';
import { MAX_CANDIDATES, prefixEnd } from '../../src/members/matching/member-match-query';
import { memberListSearch } from '../../src/members/member-search';

/**
 * bench/search: 100,000 demo cases on SQLite, then GET /api/cases?q=<surname> and a filtered list
 * sorted by appealDeadline, one request at a time (latency, not queueing), against the same
 * statements the API runs for them (text index or count, ids of the page, its rows) run raw on
 * node-sqlite3.
 */
const CASES = Number(process.env.BENCH_SEARCH_CASES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? 150);
const TARGET = { atMost: 50 } as const;
const SURNAME = 'whitlock';
/** The member matcher runs on this many members (cases' members, topped up with people without a case). */
const MEMBERS = Number(process.env.BENCH_SEARCH_MEMBERS ?? 100_000);
/** Possible-duplicate lookups as intake asks them: a name (exact, misspelt, a short form, an initial), an email. */
const MATCH_PROBES: Record<string, string>[] = [
  { fullName: 'Joan Whitlock', constituencyParty: 'Leeds Central CLP' },
  { fullName: 'Joan Whitlok' },
  { fullName: 'Whitlock, Joanie' },
  { fullName: 'J. Whitlock' },
  { email: 'joan.whitlock.17@example.org', phone: '+44 7700 900017' },
];
/** Folded member search: the name without its punctuation, as typed. */
const MEMBER_Q = 'joan whit-lock';
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

/** Times `n` runs of `steps` on a plain node-sqlite3 connection; each step may use the previous rows. */
async function timeRaw(
  dbPath: string,
  steps: ((all: (sql: string, params: unknown[]) => Promise<Row[]>, previous: Row[]) => Promise<Row[]>)[],
  n: number,
): Promise<number[]> {
  const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY);
  const all = (q: string, p: unknown[]) =>
    new Promise<Row[]>((resolve, reject) =>
      db.all(q, p, (e, rows) => (e ? reject(e) : resolve(rows as Row[]))),
    );
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    let previous: Row[] = [];
    for (const step of steps) previous = await step(all, previous);
    times.push(performance.now() - started);
  }
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return times.sort((a, b) => a - b);
}

type Row = Record<string, unknown>;

/** The page's whole rows, as the API reads them: the cases of the chosen ids with their members. */
const fetchRows = (all: (sql: string, params: unknown[]) => Promise<Row[]>, ids: Row[]) =>
  all(
    `SELECT * FROM cases c JOIN members m ON m.id = c.member_id WHERE c.id IN (${ids.map(() => '?').join(',')})`,
    ids.map((r) => r.id),
  );

/** BENCH_SEARCH_DIR: seed into this folder and keep it, or reuse the database already there. */
const KEEP_DIR = process.env.BENCH_SEARCH_DIR;

runBench(async () => {
  const dir = KEEP_DIR ?? tempDir();
  mkdirSync(dir, { recursive: true });
  try {
    const app = await seededApp(dir, CASES, KEEP_DIR !== undefined, { members: MEMBERS });
    const token = await staffToken(app, 'coordinator');

    const first = await app.api(token, 'GET', `/api/cases?q=${SURNAME}`);
    const second = await app.api(token, 'GET', FILTERED);
    process.stdout.write(
      `  q=${SURNAME}: ${first.body.total} matches; filtered list: ${second.body.total} matches\n`,
    );
    await timeRequests(`${app.url}/api/cases?q=${SURNAME}`, token, 10); // warm-up

    const q = await timeRequests(`${app.url}/api/cases?q=${SURNAME}`, token, REQUESTS);
    const filtered = await timeRequests(`${app.url}${FILTERED}`, token, REQUESTS);

    const members = (await app.api(token, 'GET', '/api/members?limit=1')).body.total as number;
    const matchUrls = MATCH_PROBES.map(
      (probe) => `${app.url}/api/members/matches?${new URLSearchParams(probe)}`,
    );
    const first5 = await Promise.all(
      MATCH_PROBES.map((probe) =>
        app.api(token, 'GET', `/api/members/matches?${new URLSearchParams(probe)}`),
      ),
    );
    process.stdout.write(
      `  ${members} members; matches: ${first5.map((r) => r.body.items?.length ?? r.status).join(', ')} ` +
        `(top score ${first5.map((r) => r.body.items?.[0]?.score ?? '-').join(', ')})\n`,
    );
    for (const url of matchUrls) await timeRequests(url, token, 3); // warm-up
    const matches: number[] = [];
    for (let i = 0; i < REQUESTS; i++)
      matches.push(...(await timeRequests(matchUrls[i % matchUrls.length], token, 1)));
    matches.sort((a, b) => a - b);
    const memberQUrl = `${app.url}/api/members?q=${encodeURIComponent(MEMBER_Q)}`;
    await timeRequests(memberQUrl, token, 5);
    const memberQ = await timeRequests(memberQUrl, token, REQUESTS);
    await app.close();

    // The raw component: the same statements the API runs for these lists (for q, the text index,
    // the page's ids and the count in one statement; for the filtered list, the count and the ids
    // of the page; then the page's rows), straight on node-sqlite3 — without HTTP, auth, audit and JSON.
    const match = caseSearchMatch(SURNAME)!;
    const memberQSearch = memberListSearch(MEMBER_Q)!;
    const rawQ = await timeRaw(
      app.dbPath,
      [
        (all) =>
          all(caseSearchPage('updatedAt', true).replace(/:(caseMatch|limit|offset)\b/g, '?'), [match, 50, 0]),
        fetchRows,
      ],
      REQUESTS,
    );
    const statuses = ['appeal_lodged', 'hearing_scheduled', 'awaiting_decision'];
    const where = (member: string) =>
      `c.status IN (?,?,?) AND ${member} IN (SELECT r.id FROM members r WHERE LOWER(r.region) = ?)`;
    const rawFiltered = await timeRaw(
      app.dbPath,
      [
        (all) =>
          all(`SELECT COUNT(*) AS n FROM cases c WHERE ${where('c.member_id')}`, [...statuses, 'scotland']),
        (all) =>
          all(
            `SELECT c.id FROM cases c WHERE ${where('+c.member_id')} ORDER BY c.appeal_deadline ASC, c.id ASC LIMIT 50`,
            [...statuses, 'scotland'],
          ),
        fetchRows,
      ],
      REQUESTS,
    );
    // For information: the unindexed substring scan that q needed before the text index.
    const like = `%${SURNAME}%`;
    const rawLike = await timeRaw(
      app.dbPath,
      [
        (all) =>
          all(
            `SELECT COUNT(*) FROM cases c JOIN members m ON m.id = c.member_id WHERE c.reference LIKE ? OR m.membership_number LIKE ?
              OR m.normalised_name LIKE ? OR LOWER(c.summary) LIKE ?`,
            [like.toUpperCase(), like.toUpperCase(), like, like],
          ),
      ],
      Math.min(REQUESTS, 20),
    );
    // The matcher's raw component: its candidate statement on the indexed keys and the reads of
    // those members and their aliases, for the same probes in turn.
    let probeIndex = 0;
    const rawMatches = await timeRaw(
      app.dbPath,
      [
        (all) => {
          const keys = probeKeys(MATCH_PROBES[probeIndex++ % MATCH_PROBES.length]);
          const terms: string[] = [];
          const params: unknown[] = [];
          if (keys.matchKeys.length) {
            terms.push(`match_key IN (${keys.matchKeys.map(() => '?').join(',')})`);
            params.push(...keys.matchKeys);
          }
          for (const prefix of keys.matchPrefixes) {
            terms.push('(match_key >= ? AND match_key < ?)');
            params.push(prefix, prefixEnd(prefix));
          }
          for (const [column, value] of [
            ['membership_number', keys.membershipNumber],
            ['email', keys.email],
            ['phone_key', keys.phoneKey],
          ] as const)
            if (value) {
              terms.push(`${column} = ?`);
              params.push(value);
            }
          return all(
            `SELECT id FROM members WHERE ${terms.join(' OR ')} ORDER BY created_at LIMIT ${MAX_CANDIDATES}`,
            params,
          );
        },
        async (all, ids) => {
          const list = JSON.stringify(ids.map((r) => r.id));
          await all('SELECT * FROM member_aliases WHERE member_id IN (SELECT value FROM json_each(?))', [
            list,
          ]);
          return all('SELECT * FROM members WHERE id IN (SELECT value FROM json_each(?))', [list]);
        },
      ],
      REQUESTS,
    );
    const rawMemberQ = await timeRaw(
      app.dbPath,
      [
        (all) =>
          all(
            `SELECT * FROM members m WHERE m.merged_into IS NULL AND m.id IN (SELECT fk.member_id FROM member_search fs
              JOIN member_search_keys fk ON fk.search_rowid = fs.rowid WHERE member_search MATCH ?)
              ORDER BY m.normalised_name, m.id LIMIT 50`,
            [memberQSearch.params.foldedMatch],
          ),
      ],
      REQUESTS,
    );
    process.stdout.write(
      `  GET /api/members/matches: p50 ${percentile(matches, 50).toFixed(1)} ms, p95 ${percentile(matches, 95).toFixed(1)} ms; ` +
        `raw p95 ${percentile(rawMatches, 95).toFixed(1)} ms\n` +
        `  GET /api/members?q=${MEMBER_Q}: p50 ${percentile(memberQ, 50).toFixed(1)} ms, p95 ${percentile(memberQ, 95).toFixed(1)} ms; ` +
        `raw p95 ${percentile(rawMemberQ, 95).toFixed(1)} ms\n`,
    );
    process.stdout.write(
      `  GET ?q=${SURNAME}: p50 ${percentile(q, 50).toFixed(1)} ms, p95 ${percentile(q, 95).toFixed(1)} ms; ` +
        `raw p95 ${percentile(rawQ, 95).toFixed(1)} ms (an unindexed LIKE count alone: p95 ${percentile(rawLike, 95).toFixed(1)} ms)\n` +
        `  GET filtered, sorted by appealDeadline: p50 ${percentile(filtered, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(filtered, 95).toFixed(1)} ms; raw p95 ${percentile(rawFiltered, 95).toFixed(1)} ms\n`,
    );
    return [
      report('search.q.p95', percentile(q, 95), 'ms', percentile(rawQ, 95), TARGET),
      report('search.filtered.p95', percentile(filtered, 95), 'ms', percentile(rawFiltered, 95), TARGET),
      report('search.member-matches.p95', percentile(matches, 95), 'ms', percentile(rawMatches, 95), TARGET),
      report('search.member-q.p95', percentile(memberQ, 95), 'ms', percentile(rawMemberQ, 95), TARGET),
    ].every(Boolean);
  } finally {
    if (!KEEP_DIR) removeDir(dir);
  }
});
