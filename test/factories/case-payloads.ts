import { randomBytes } from 'node:crypto';
import { Agent, TestApp } from '../helpers/test-app';

let seq = 0;
/** Phone numbers count up from a random start: distinct for every member of one test process. */
const phoneStart = Math.floor(Math.random() * 500_000);
const uniq = () =>
  `${Date.now().toString(36)}${(++seq).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();

export interface MemberPayload {
  fullName: string;
  membershipNumber?: string;
  email?: string;
  phone?: string;
  constituencyParty?: string;
  region?: string;
  consentToContact?: boolean;
  consentToResearch?: boolean;
}

/** A valid new member; override only what a test is about. */
export function memberPayload(overrides: Partial<MemberPayload> = {}): MemberPayload {
  const id = uniq();
  return {
    fullName: `Member ${id}`,
    membershipNumber: `M${id}`,
    email: `member-${id.toLowerCase()}@example.org`,
    phone: `07700 ${String(phoneStart + seq).padStart(6, '0')}`,
    constituencyParty: 'Northtown CLP',
    region: 'North West',
    consentToContact: true,
    consentToResearch: false,
    ...overrides,
  };
}

/** A valid intake body with a new member. */
export function intakePayload(overrides: Record<string, unknown> = {}, member: Partial<MemberPayload> = {}) {
  return {
    member: memberPayload(member),
    actionType: 'suspension',
    actionDate: '2019-03-01',
    notifiedAt: '2019-03-04',
    issuingBody: 'National Executive Committee',
    externalReference: 'NEC/2019/123',
    allegations: ['social media posts'],
    summary: 'Suspended pending investigation.',
    priority: 'normal',
    tags: ['campaign'],
    ...overrides,
  };
}

/** Intake through the API; fails the test unless 201. */
export async function intake(
  agent: Agent,
  overrides: Record<string, unknown> = {},
  member: Partial<MemberPayload> = {},
) {
  const res = await agent.post('/api/cases').send(intakePayload(overrides, member));
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function caseCount(t: TestApp): Promise<number> {
  const [row] = await t.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM cases');
  return Number(row.n);
}

export async function auditActions(t: TestApp, entityId: string): Promise<string[]> {
  const rows = await t.db.query<{ action: string }>(
    'SELECT action FROM audit_entries WHERE entity_id = ? ORDER BY id',
    [entityId],
  );
  return rows.map((r) => r.action);
}
