import { EntityManager } from 'typeorm';
import { LeafKind, LEAF_KINDS } from './leaf';
import { NodeId, NodeReader } from './merkle';

/** The log's hand-written SQL: node reads for proofs, and what the whole-log check reads in batches. */

const param = (m: EntityManager, i: number) => m.connection.driver.createParameter(`p${i}`, i);

/** Complete-subtree hashes with one query (an OR of primary keys), in the order asked; undefined where missing. */
export async function readNodes(
  manager: EntityManager,
  ids: readonly NodeId[],
): Promise<(Buffer | undefined)[]> {
  if (!ids.length) return [];
  const where = ids.map(
    (_, i) => `(level = ${param(manager, 2 * i)} AND idx = ${param(manager, 2 * i + 1)})`,
  );
  const rows = (await manager.query(
    `SELECT level, idx, hash FROM log_nodes WHERE ${where.join(' OR ')}`,
    ids.flatMap((n) => [n.level, n.index]),
  )) as { level: number | string; idx: number | string; hash: string }[];
  const byKey = new Map(rows.map((r) => [`${r.level}:${r.idx}`, Buffer.from(r.hash, 'hex')]));
  return ids.map((n) => byKey.get(`${n.level}:${n.index}`));
}

/** A NodeReader over hashes already read; throws for a node it was not given. */
export function readerOf(ids: readonly NodeId[], hashes: readonly (Buffer | undefined)[]): NodeReader {
  const byKey = new Map(ids.map((n, i) => [`${n.level}:${n.index}`, hashes[i]]));
  return (asked: readonly NodeId[]) =>
    Promise.resolve(
      asked.map((n) => {
        const hash = byKey.get(`${n.level}:${n.index}`);
        if (!hash) throw new Error(`log node ${n.level}:${n.index} is missing`);
        return hash;
      }),
    );
}

/** Reads nodes on demand, one query per call. */
export function nodeReader(manager: EntityManager): NodeReader {
  return async (ids: readonly NodeId[]) => readerOf(ids, await readNodes(manager, ids))(ids);
}

export interface LeafRow {
  leaf_index: number | string;
  kind: LeafKind;
  record_id: string;
  data: string;
  salts: string | null;
  hash: string | null;
}

/** Leaves from index `from` on (at most limit), with their salts and the tree's leaf hash. */
export function leavesFrom(manager: EntityManager, from: number, limit: number): Promise<LeafRow[]> {
  return manager.query(
    `SELECT l.leaf_index, l.kind, l.record_id, l.data, s.salts, n.hash
       FROM log_leaves l
       LEFT JOIN log_salts s ON s.leaf_index = l.leaf_index
       LEFT JOIN log_nodes n ON n.level = 0 AND n.idx = l.leaf_index
      WHERE l.leaf_index >= ${param(manager, 0)}
      ORDER BY l.leaf_index
      LIMIT ${Number(limit)}`,
    [from],
  );
}

/** Where the tree holds each of these leaf hashes (hex), if anywhere. */
export async function leafIndicesOf(manager: EntityManager, hashes: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < hashes.length; i += 200) {
    const chunk = hashes.slice(i, i + 200);
    const rows = (await manager.query(
      `SELECT idx, hash FROM log_nodes WHERE level = 0 AND hash IN (${chunk.map((_, j) => param(manager, j)).join(', ')})`,
      chunk,
    )) as { idx: number | string; hash: string }[];
    for (const r of rows) found.set(r.hash, Number(r.idx));
  }
  return found;
}

const RECORD_TABLES: Record<LeafKind, string> = {
  audit: 'audit_entries',
  timeline: 'timeline_events',
  custody: 'evidence_custody',
};

/** Records of every kind that have no leaf (written around the log), at most limit. */
export async function unloggedRecords(
  manager: EntityManager,
  limit: number,
): Promise<{ kind: LeafKind; recordId: string }[]> {
  const found: { kind: LeafKind; recordId: string }[] = [];
  for (const kind of LEAF_KINDS) {
    const cast = manager.connection.options.type === 'postgres' ? 'r.id::text' : 'CAST(r.id AS TEXT)';
    const rows = (await manager.query(
      `SELECT ${cast} AS id FROM ${RECORD_TABLES[kind]} r
        WHERE NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.kind = '${kind}' AND l.record_id = ${cast})
        LIMIT ${Number(limit)}`,
    )) as { id: string }[];
    found.push(...rows.map((r) => ({ kind, recordId: String(r.id) })));
  }
  return found;
}

export interface RecordLeafRow {
  leaf_index: number | string;
  record_id: string;
  data: string;
  salts: string | null;
}

/** The leaves (with their salts) of the records of one kind with these ids, 500 ids per query. */
export async function leavesOfRecords(
  manager: EntityManager,
  kind: LeafKind,
  recordIds: readonly string[],
): Promise<RecordLeafRow[]> {
  const found: RecordLeafRow[] = [];
  for (let i = 0; i < recordIds.length; i += 500) {
    const chunk = recordIds.slice(i, i + 500);
    found.push(
      ...((await manager.query(
        `SELECT l.leaf_index, l.record_id, l.data, s.salts
           FROM log_leaves l
           LEFT JOIN log_salts s ON s.leaf_index = l.leaf_index
          WHERE l.kind = ${param(manager, 0)}
            AND l.record_id IN (${chunk.map((_, j) => param(manager, j + 1)).join(', ')})`,
        [kind, ...chunk],
      )) as RecordLeafRow[]),
    );
  }
  return found;
}
