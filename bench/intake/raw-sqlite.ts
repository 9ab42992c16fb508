import { createHash, randomUUID } from 'node:crypto';
import sqlite3 from 'sqlite3';

/**
 * The raw component: node-sqlite3 writing what one intake writes (member, counter bump, case,
 * two timeline events, one audit entry and its head), one transaction each, one after another
 * on one connection — as Caseline's SQLite transaction queue does — with the same pragmas.
 */
export async function rawIntakes(
  dbPath: string,
  seconds: number,
  actorId: string,
): Promise<{ perSec: number; p50: number; p99: number }> {
  const db = new sqlite3.Database(dbPath);
  const run = (sql: string, params: unknown[] = []) =>
    new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  const get = <T>(sql: string, params: unknown[] = []) =>
    new Promise<T>((resolve, reject) =>
      db.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T))),
    );
  await run('PRAGMA journal_mode = WAL');
  await run('PRAGMA synchronous = FULL');
  await run('PRAGMA foreign_keys = ON');
  await run('PRAGMA busy_timeout = 10000');
  const year = 1999; // a year of its own, so the counter never meets the app's
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < end) {
    const started = process.hrtime.bigint();
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const memberId = randomUUID();
    const caseId = randomUUID();
    n++;
    await run('BEGIN');
    await run(
      `INSERT INTO members (id, full_name, normalised_name, membership_number, email, phone, constituency_party, region,
        consent_to_contact, consent_to_research, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,1,0,1,?,?)`,
      [
        memberId,
        'Raw Member',
        'raw member',
        `RAW${n}-${caseId.slice(0, 8)}`,
        'raw@example.org',
        '07700900000',
        'Raw CLP',
        'North West',
        now,
        now,
      ],
    );
    await run(
      `INSERT INTO case_reference_counters (year, last_number) VALUES (?, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = case_reference_counters.last_number + 1`,
      [year],
    );
    const { last_number } = await get<{ last_number: number }>(
      'SELECT last_number FROM case_reference_counters WHERE year = ?',
      [year],
    );
    await run(
      `INSERT INTO cases (id, reference, member_id, action_type, action_date, notified_at, appeal_deadline, issuing_body,
        external_reference, allegations, summary, priority, tags, assignee_id, coordinator_id, created_by, status, version,
        created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,?,?,1,?,?)`,
      [
        caseId,
        `CL-${year}-${String(last_number).padStart(4, '0')}-${n}`.slice(0, 20),
        memberId,
        'suspension',
        '2019-03-01',
        '2019-03-04',
        '2019-04-01',
        'NEC',
        null,
        '["x"]',
        'summary',
        'normal',
        '[]',
        actorId,
        'intake',
        now,
        now,
      ],
    );
    for (const type of ['action_taken', 'notified']) {
      await run(
        `INSERT INTO timeline_events (id, case_id, type, occurred_at, precision, title, description, source, evidence_ids,
          recorded_at, recorded_by, supersedes, superseded_by) VALUES (?,?,?,?,?,?,NULL,NULL,'[]',?,?,NULL,NULL)`,
        [randomUUID(), caseId, type, '2019-03-01 00:00:00.000', 'day', 'event', now, actorId],
      );
    }
    const head = await get<{ last_hash: string; entries: number }>(
      'SELECT last_hash, entries FROM audit_head WHERE id = 1',
    );
    const hash = createHash('sha256').update(`${head.last_hash}${caseId}${now}`).digest('hex');
    await run(
      `INSERT INTO audit_entries (at, actor_id, action, entity_type, entity_id, request_id, client_address, details, prev_hash, hash)
       VALUES (?,?,?,?,?,?,?,?,?,?)`,
      [now, actorId, 'case.create', 'case', caseId, 'raw', '127.0.0.1', '{}', head.last_hash, hash],
    );
    await run('UPDATE audit_head SET last_hash = ?, entries = entries + 1 WHERE id = 1', [hash]);
    await run('COMMIT');
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await new Promise<void>((resolve) => db.close(() => resolve()));
  latencies.sort((a, b) => a - b);
  const pick = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  return { perSec: latencies.length / seconds, p50: pick(0.5), p99: pick(0.99) };
}
