import { randomUUID } from 'node:crypto';
import { TestDb } from '../helpers/db';
import { dbTimestamp } from './seed';

/**
 * Inserts rows straight into the database (no API, no audit), for export and statistics tests.
 * Each factory fills a valid row; a test overrides only what it is about.
 */
export async function seedEvent(
  db: TestDb,
  caseId: string,
  recordedBy: string,
  overrides: Partial<{
    id: string;
    type: string;
    occurredAt: Date;
    precision: 'exact' | 'day' | 'month' | 'year';
    title: string;
    description: string | null;
    source: string | null;
    evidenceIds: string[];
    supersedes: string | null;
    supersededBy: string | null;
  }> = {},
): Promise<string> {
  const id = overrides.id ?? randomUUID();
  await db.query(
    `INSERT INTO timeline_events (id, case_id, type, occurred_at, precision, title, description, source, evidence_ids,
       recorded_at, recorded_by, supersedes, superseded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      caseId,
      overrides.type ?? 'note',
      dbTimestamp(db, overrides.occurredAt ?? new Date('2019-03-01T10:00:00Z')),
      overrides.precision ?? 'day',
      overrides.title ?? 'An event',
      overrides.description === undefined ? 'What happened' : overrides.description,
      overrides.source === undefined ? null : overrides.source,
      JSON.stringify(overrides.evidenceIds ?? []),
      dbTimestamp(db, new Date()),
      recordedBy,
      overrides.supersedes ?? null,
      overrides.supersededBy ?? null,
    ],
  );
  return id;
}

/** Marks `oldId` as superseded by a new correcting event, as the timeline feature does. */
export async function seedCorrection(
  db: TestDb,
  caseId: string,
  recordedBy: string,
  oldId: string,
  overrides: Parameters<typeof seedEvent>[3] = {},
): Promise<string> {
  const id = await seedEvent(db, caseId, recordedBy, { ...overrides, supersedes: oldId });
  await db.query('UPDATE timeline_events SET superseded_by = ? WHERE id = ?', [id, oldId]);
  return id;
}

export async function seedAppeal(
  db: TestDb,
  caseId: string,
  createdBy: string,
  overrides: Partial<{
    lodgedAt: string;
    body: string;
    grounds: string | null;
    outcome: 'pending' | 'allowed' | 'dismissed' | 'withdrawn';
    decidedAt: string | null;
  }> = {},
): Promise<string> {
  const id = randomUUID();
  const now = dbTimestamp(db, new Date());
  await db.query(
    `INSERT INTO appeals (id, case_id, lodged_at, body, grounds, hearing_at, outcome, decided_at, created_by, version,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, 1, ?, ?)`,
    [
      id,
      caseId,
      overrides.lodgedAt ?? '2019-03-10',
      overrides.body ?? 'National Constitutional Committee',
      overrides.grounds === undefined ? 'Procedural unfairness' : overrides.grounds,
      overrides.outcome ?? 'pending',
      overrides.decidedAt ?? null,
      createdBy,
      now,
      now,
    ],
  );
  return id;
}

export async function seedTransition(
  db: TestDb,
  caseId: string,
  actorId: string,
  from: string,
  to: string,
  occurredAt: Date,
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO case_transitions (id, case_id, from_status, to_status, actor_id, occurred_at, recorded_at, reason, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
    [id, caseId, from, to, actorId, dbTimestamp(db, occurredAt), dbTimestamp(db, new Date())],
  );
  return id;
}
