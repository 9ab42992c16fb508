import { createHash } from 'node:crypto';
import sqlite3 from 'sqlite3';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  bootApp,
  percentile,
  removeDir,
  report,
  runBench,
  tempDir,
} from '../intake/support';
import { leafDataOf } from '../../src/log/leaf';
import { appendToFrontier, consistencyProofNodes, hashLeaf, inclusionProofNodes } from '../../src/log/merkle';
import { benchVerifier } from './verify-export';

/**
 * bench/log: a log of 1,000,000 leaves on SQLite, then inclusion and consistency proofs through
 * the API, one request at a time (latency, not queueing), against the same node reads run raw on
 * node-sqlite3. The leaves are written straight into the migrated file, as the log would write
 * them (every complete subtree's hash, the head's right edge), ~50x faster than a million intakes.
 */
const LEAVES = Number(process.env.BENCH_LOG_LEAVES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_LOG_REQUESTS ?? 300);
const TARGET = { atMost: 10 } as const;
const ROWS_PER_INSERT = 500;

type Db = sqlite3.Database;
const exec = (db: Db, sql: string) =>
  new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
const all = <T>(db: Db, sql: string, params: unknown[] = []) =>
  new Promise<T[]>((resolve, reject) =>
    db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as T[]))),
  );

/** Appends `count` synthetic leaves after what the log holds. */
async function fillLog(dbPath: string, count: number): Promise<number> {
  const db = new sqlite3.Database(dbPath);
  await exec(db, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;');
  const [head] = await all<{ tree_size: number; frontier: string }>(
    db,
    'SELECT tree_size, frontier FROM log_head WHERE id = 1',
  );
  let size = head.tree_size;
  let frontier = (JSON.parse(head.frontier) as string[]).map((h) => Buffer.from(h, 'hex'));
  let leafRows: string[] = [];
  let nodeRows: string[] = [];
  const flush = async () => {
    if (leafRows.length)
      await exec(
        db,
        `INSERT INTO log_leaves (leaf_index, kind, record_id, data) VALUES ${leafRows.join(',')}`,
      );
    for (let i = 0; i < nodeRows.length; i += ROWS_PER_INSERT) {
      await exec(
        db,
        `INSERT INTO log_nodes (level, idx, hash) VALUES ${nodeRows.slice(i, i + ROWS_PER_INSERT).join(',')}`,
      );
    }
    leafRows = [];
    nodeRows = [];
  };
  await exec(db, 'BEGIN');
  for (let n = 0; n < count; n++) {
    const digest = createHash('sha256').update(`bench ${n}`).digest('base64');
    const data = leafDataOf('audit', { id: digest });
    const appended = appendToFrontier(frontier, size, hashLeaf(data));
    frontier = appended.frontier;
    leafRows.push(`(${size},'audit','bench-${n}','${data.toString('utf8')}')`);
    for (const node of appended.nodes)
      nodeRows.push(`(${node.level},${node.index},'${node.hash.toString('hex')}')`);
    size++;
    if (leafRows.length === ROWS_PER_INSERT) await flush();
    if (n % 100_000 === 99_999) {
      await exec(db, 'COMMIT; BEGIN');
      process.stdout.write(`  ${n + 1} leaves written\n`);
    }
  }
  await flush();
  await exec(
    db,
    `UPDATE log_head SET tree_size = ${size}, frontier = '${JSON.stringify(frontier.map((h) => h.toString('hex')))}' WHERE id = 1`,
  );
  await exec(db, 'COMMIT');
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return size;
}

/** A small deterministic generator, so runs are comparable. */
function randoms(seed: number) {
  let x = seed;
  return (below: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % below;
  };
}

async function timeApi(url: string, token: string, paths: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** The node reads of the same proofs, raw: the statement the API runs (an OR of primary keys). */
async function timeRaw(dbPath: string, nodeSets: { level: number; index: number }[][]): Promise<number[]> {
  const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY);
  const times: number[] = [];
  for (const nodes of nodeSets) {
    const started = performance.now();
    if (nodes.length) {
      await all(
        db,
        `SELECT level, idx, hash FROM log_nodes WHERE ${nodes.map(() => '(level = ? AND idx = ?)').join(' OR ')}`,
        nodes.flatMap((n) => [n.level, n.index]),
      );
    }
    times.push(performance.now() - started);
  }
  await new Promise<void>((resolve) => db.close(() => resolve()));
  return times.sort((a, b) => a - b);
}

runBench(async () => {
  const dir = tempDir();
  try {
    const okVerify = await benchVerifier(dir);
    // BENCH_LOG_ONLY=verify: the verifier's figure alone (no million-leaf log).
    if (process.env.BENCH_LOG_ONLY === 'verify') return okVerify;
    // Boot once to migrate the file, stop, write the leaves, boot again on it.
    const first = await bootApp(dir);
    await first.close();
    const started = performance.now();
    const size = await fillLog(`${dir}/caseline.sqlite`, LEAVES);
    process.stdout.write(
      `  log of ${size} leaves written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    const app = await bootApp(dir);
    try {
      const token = await app.login(ADMIN_EMAIL, ADMIN_PASSWORD);
      const signed = await app.api(token, 'POST', '/api/log/checkpoints');
      if (signed.status !== 201) throw new Error(`signing a checkpoint: ${signed.status}`);
      const treeSize = signed.body.size as number;
      const random = randoms(7);
      const inclusions = Array.from({ length: REQUESTS }, () => random(treeSize));
      const consistencies = Array.from({ length: REQUESTS }, () => 1 + random(treeSize - 1));

      // Warm up the server's statement cache and the page cache, as a running server would be.
      await timeApi(
        app.url,
        token,
        inclusions.slice(0, 20).map((i) => `/api/log/proofs/inclusion?index=${i}&size=${treeSize}`),
      );
      const incl = await timeApi(
        app.url,
        token,
        inclusions.map((i) => `/api/log/proofs/inclusion?index=${i}&size=${treeSize}`),
      );
      const cons = await timeApi(
        app.url,
        token,
        consistencies.map((f) => `/api/log/proofs/consistency?from=${f}&to=${treeSize}`),
      );
      const me = await timeApi(
        app.url,
        token,
        inclusions.map(() => '/api/me'),
      );
      const rawIncl = await timeRaw(
        app.dbPath,
        inclusions.map((i) => inclusionProofNodes(i, treeSize)),
      );
      const rawCons = await timeRaw(
        app.dbPath,
        consistencies.map((f) => consistencyProofNodes(f, treeSize)),
      );

      const ok1 = report(
        `log inclusion proof p95 (${treeSize} leaves)`,
        percentile(incl, 95),
        'ms',
        percentile(rawIncl, 95),
        TARGET,
      );
      const ok2 = report(
        `log consistency proof p95 (${treeSize} leaves)`,
        percentile(cons, 95),
        'ms',
        percentile(rawCons, 95),
        TARGET,
      );
      report(
        'GET /api/me p95, for comparison (auth, no log)',
        percentile(me, 95),
        'ms',
        percentile(me, 95),
        {},
      );
      return ok1 && ok2 && okVerify;
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});
