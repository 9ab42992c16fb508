import sqlite3 from 'sqlite3';
import { canonicalJson, entryHash } from '../../src/audit/audit-chain';

const ACTIONS = [
  ['case.created', 'case'],
  ['case.updated', 'case'],
  ['case.transitioned', 'case'],
  ['evidence.downloaded', 'evidence'],
  ['member.read', 'member'],
  ['auth.session.started', 'user'],
] as const;

/**
 * Appends `count` audit entries to a migrated SQLite file as the server would (each hashed onto
 * the chain's head, the head moved past them), so the audit page has 100,000 entries to page
 * through and "verify" still finds the chain whole.
 */
export async function seedAudit(dbPath: string, count: number, actorId: string): Promise<void> {
  const db = new sqlite3.Database(dbPath);
  const all = <T>(sql: string) =>
    new Promise<T[]>((resolve, reject) => db.all(sql, (e, rows) => (e ? reject(e) : resolve(rows as T[]))));
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
  const [head] = await all<{ last_hash: string }>('SELECT last_hash FROM audit_head WHERE id = 1');
  const caseIds = (await all<{ id: string }>('SELECT id FROM cases LIMIT 5000')).map((r) => r.id);
  const insert = db.prepare(
    `INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, request_id, client_address, details,
      prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)`,
  );
  const run = (params: unknown[]) =>
    new Promise<void>((resolve, reject) =>
      insert.run(params, (e: Error | null) => (e ? reject(e) : resolve())),
    );
  // Ten milliseconds apart, after the entries already there (ids and times in the same order).
  const [{ at }] = await all<{ at: string }>('SELECT MAX(at) AS at FROM audit_entries');
  const start = new Date(at).getTime() + 10;
  let prevHash = head.last_hash;
  await exec('BEGIN');
  for (let i = 0; i < count; i++) {
    const [action, entityType] = ACTIONS[i % ACTIONS.length];
    const fields = {
      at: new Date(start + i * 10).toISOString(),
      actorId,
      action,
      entityType,
      entityId: entityType === 'case' ? caseIds[i % caseIds.length] : `bench-${i}`,
      requestId: `bench-${i}`,
      clientAddress: '127.0.0.1',
      details: canonicalJson({ bench: true }),
      prevHash,
    };
    const hash = entryHash(fields);
    await run([...Object.values(fields), hash]);
    prevHash = hash;
  }
  const lastId = (await all<{ id: number }>('SELECT MAX(id) AS id FROM audit_entries'))[0].id;
  await exec(
    `UPDATE audit_head SET last_id = ${lastId}, last_hash = '${prevHash}', entries = entries + ${count} WHERE id = 1`,
  );
  await exec('COMMIT');
  insert.finalize();
  await new Promise<void>((resolve) => db.close(() => resolve()));
}
