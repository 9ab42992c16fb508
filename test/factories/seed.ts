import { randomUUID } from 'node:crypto';
import { TestDb } from '../helpers/db';
import { memberKeys } from '../../src/members/matching/member-matcher';

/** A timestamp the way TypeORM stores it on each database (UTC). */
export function dbTimestamp(db: TestDb, date: Date): string {
  return db.kind === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '') : date.toISOString();
}

export interface SeededCase {
  caseId: string;
  memberId: string;
  reference: string;
}

let seq = 0;

/**
 * Inserts a member and a case straight into the database (no API, no audit): for tests of
 * features that need a case to hang on, and for bulk fixtures.
 */
export async function seedCase(
  db: TestDb,
  createdBy: string,
  overrides: Partial<{
    fullName: string;
    email: string | null;
    phone: string | null;
    membershipNumber: string | null;
    region: string;
    constituencyParty: string;
    consentToResearch: boolean;
    actionType: string;
    actionDate: string;
    notifiedAt: string;
    appealDeadline: string;
    issuingBody: string;
    status: string;
    summary: string;
    assigneeId: string | null;
    coordinatorId: string | null;
    memberId: string;
  }> = {},
): Promise<SeededCase> {
  seq++;
  const now = dbTimestamp(db, new Date());
  const memberId = overrides.memberId ?? randomUUID();
  if (!overrides.memberId) {
    const fullName = overrides.fullName ?? `Seeded Member ${seq}`;
    const phone = overrides.phone === undefined ? `0770090${String(seq).padStart(4, '0')}` : overrides.phone;
    const keys = memberKeys(fullName, phone);
    await db.query(
      `INSERT INTO members (id, full_name, normalised_name, name_key, match_key, phone_key, membership_number, email, phone,
        constituency_party, region, consent_to_contact, consent_to_research, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [
        memberId,
        fullName,
        fullName.toLowerCase(),
        keys.nameKey,
        keys.matchKey,
        keys.phoneKey,
        overrides.membershipNumber === undefined ? `S${Date.now()}${seq}` : overrides.membershipNumber,
        overrides.email === undefined ? `member${seq}@example.org` : overrides.email,
        phone,
        overrides.constituencyParty ?? 'Northtown CLP',
        overrides.region ?? 'North West',
        true,
        overrides.consentToResearch ?? true,
        now,
        now,
      ],
    );
  }
  const caseId = randomUUID();
  const reference = `CL-2019-${String(9000 + seq).padStart(4, '0')}-${caseId.slice(0, 4)}`.slice(0, 20);
  await db.query(
    `INSERT INTO cases (id, reference, member_id, action_type, action_date, notified_at, appeal_deadline, issuing_body,
      external_reference, allegations, summary, priority, tags, assignee_id, coordinator_id, created_by, status, version,
      created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 'normal', '[]', ?, ?, ?, ?, 1, ?, ?)`,
    [
      caseId,
      reference,
      memberId,
      overrides.actionType ?? 'suspension',
      overrides.actionDate ?? '2019-03-01',
      overrides.notifiedAt ?? '2019-03-04',
      overrides.appealDeadline ?? '2019-04-01',
      overrides.issuingBody ?? 'National Executive Committee',
      JSON.stringify(['conduct']),
      overrides.summary ?? 'Seeded case',
      overrides.assigneeId ?? null,
      overrides.coordinatorId ?? null,
      createdBy,
      overrides.status ?? 'intake',
      now,
      now,
    ],
  );
  return { caseId, memberId, reference };
}
