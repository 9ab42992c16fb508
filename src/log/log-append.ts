import { EntityManager } from 'typeorm';
import { insertRows } from '../database/row-insert';
import { encodeLeaf, newSalts } from './leaf';
import { LogLeaf, LogNode, LogSalts } from './log.entity';
import { LogEntry } from './log-records';
import { appendToFrontier, hashLeaf } from './merkle';

/** Rows per INSERT: well under SQLite's limit of bound parameters. */
const CHUNK = 200;

async function insertChunked<T extends object>(
  manager: EntityManager,
  target: new () => T,
  rows: T[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insertRows(manager, target, rows.slice(i, i + CHUNK));
}

export interface LogHeadState {
  size: number;
  frontier: Buffer[];
}

/** Reads the head; on PostgreSQL locks it until the transaction ends, which serialises appends. */
export async function lockLogHead(manager: EntityManager): Promise<LogHeadState> {
  const pg = manager.connection.options.type === 'postgres';
  const rows = (await manager.query(
    `SELECT tree_size, frontier FROM log_head WHERE id = 1${pg ? ' FOR UPDATE' : ''}`,
  )) as { tree_size: number | string; frontier: string }[];
  if (!rows.length) throw new Error('log_head is missing: the log migration has not run');
  const frontier = (JSON.parse(rows[0].frontier) as string[]).map((h) => Buffer.from(h, 'hex'));
  return { size: Number(rows[0].tree_size), frontier };
}

/**
 * Appends entries as the next leaves, in order, inside manager's transaction: each gets fresh
 * salts, its leaf, and the complete subtrees it closes (at most log2(n) + 1 rows). One read and
 * one write of the head for the whole batch. Returns the index of the first new leaf.
 */
export async function appendToLog(manager: EntityManager, entries: LogEntry[]): Promise<number> {
  const head = await lockLogHead(manager);
  if (!entries.length) return head.size;
  let { size, frontier } = head;
  const first = size;
  const leaves: LogLeaf[] = [];
  const salts: LogSalts[] = [];
  const nodes: LogNode[] = [];
  for (const entry of entries) {
    const entrySalts = newSalts(entry.fields);
    const { data } = encodeLeaf(entry.kind, entry.fields, entrySalts);
    const appended = appendToFrontier(frontier, size, hashLeaf(data));
    frontier = appended.frontier;
    leaves.push(
      Object.assign(new LogLeaf(), {
        leafIndex: size,
        kind: entry.kind,
        recordId: entry.recordId,
        data: data.toString('utf8'),
      }),
    );
    salts.push(Object.assign(new LogSalts(), { leafIndex: size, salts: JSON.stringify(entrySalts) }));
    for (const n of appended.nodes)
      nodes.push(
        Object.assign(new LogNode(), { level: n.level, index: n.index, hash: n.hash.toString('hex') }),
      );
    size++;
  }
  await insertChunked(manager, LogLeaf, leaves);
  await insertChunked(manager, LogSalts, salts);
  await insertChunked(manager, LogNode, nodes);
  const p = (name: string, index: number) => manager.connection.driver.createParameter(name, index);
  await manager.query(
    `UPDATE log_head SET tree_size = ${p('size', 0)}, frontier = ${p('frontier', 1)} WHERE id = 1`,
    [size, JSON.stringify(frontier.map((h) => h.toString('hex')))],
  );
  return first;
}
