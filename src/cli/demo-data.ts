import { newId } from '../database/new-id';
import { addDays, appealDeadline, dateAtUtcMidnight } from '../cases/case-dates';
import { formatReference } from '../cases/case-reference';
import { ActionType, CaseStatus, Priority } from '../cases/case-status';
import { allowedNext, CASE_STATUSES, checkTransition, decisionOutcome } from '../cases/case-workflow';
import { normaliseName } from '../members/member-normalise';

/**
 * A realistic, entirely fictional demo dataset, generated as plain rows from a seeded random
 * source (the same seed gives the same data). Every case follows a legal workflow path.
 */

export interface DemoStaff {
  caseworkers: string[];
  coordinators: string[];
}

export interface DemoMember {
  id: string;
  fullName: string;
  normalisedName: string;
  membershipNumber: string | null;
  email: string | null;
  phone: string | null;
  constituencyParty: string;
  region: string;
  consentToContact: boolean;
  consentToResearch: boolean;
}

export interface DemoCase {
  id: string;
  reference: string;
  memberId: string;
  actionType: ActionType;
  actionDate: string;
  notifiedAt: string;
  appealDeadline: string;
  issuingBody: string;
  externalReference: string | null;
  allegations: string[];
  summary: string;
  priority: Priority;
  tags: string[];
  assigneeId: string | null;
  coordinatorId: string | null;
  createdBy: string;
  status: CaseStatus;
}

export interface DemoAppeal {
  id: string;
  caseId: string;
  lodgedAt: string;
  body: string;
  grounds: string;
  hearingAt: Date | null;
  outcome: 'pending' | 'allowed' | 'dismissed' | 'withdrawn';
  decidedAt: string | null;
  createdBy: string;
}

export interface DemoTransition {
  id: string;
  caseId: string;
  from: CaseStatus;
  to: CaseStatus;
  actorId: string;
  occurredAt: Date;
  reason: string | null;
  note: string | null;
}

export interface DemoEvent {
  id: string;
  caseId: string;
  type: string;
  occurredAt: Date;
  precision: 'exact' | 'day' | 'month' | 'year';
  title: string;
  description: string | null;
  source: string | null;
  recordedBy: string;
}

export interface DemoBatch {
  members: DemoMember[];
  cases: DemoCase[];
  appeals: DemoAppeal[];
  transitions: DemoTransition[];
  events: DemoEvent[];
}

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Alex',
  'Bernadette',
  'Callum',
  'Deirdre',
  'Eamon',
  'Fatima',
  'Gareth',
  'Hana',
  'Idris',
  'Joan',
  'Kwame',
  'Lorna',
  'Marek',
  'Niamh',
  'Oluwaseun',
  'Priya',
  'Quentin',
  'Rhiannon',
  'Samir',
  'Tegan',
  'Usha',
  'Victor',
  'Winifred',
  'Xander',
  'Yusuf',
  'Zofia',
  'Aled',
  'Bríd',
  'Chidi',
  'Dorota',
  'Eilidh',
  'Femi',
];
const LAST = [
  'Abernethy',
  'Blackwood',
  'Carrow',
  'Dunmore',
  'Ellery',
  'Fairweather',
  'Gallacher',
  'Hallam',
  'Ingleby',
  'Jessop',
  'Kettering',
  'Lindqvist',
  'Mcallister',
  'Nwosu',
  'Okafor',
  'Pennant',
  'Quarrie',
  'Rowntree',
  'Sandilands',
  'Thackeray',
  'Umber',
  'Varley',
  'Whitlock',
  'Yardley',
  'Zielinski',
  'Ó Briain',
];
const REGIONS: Record<string, string[]> = {
  'North West': ['Hollinford', 'Marsh Cross', 'Kirkbeck'],
  'North East': ['Stonegate', 'Wearmouth Vale'],
  'Yorkshire and the Humber': ['Fernley', 'Coldwold', 'Thornbury Moor'],
  'West Midlands': ['Brambleton', 'Elderwick'],
  'East Midlands': ['Redlow', 'Ashmere'],
  Eastern: ['Fenbridge', 'Oakmarsh'],
  London: ['Riverside North', 'Eastwick Park', 'Southbank Heights'],
  'South East': ['Chalkhurst', 'Downsley'],
  'South West': ['Moorcombe', 'Tamarleigh'],
  Wales: ['Cwm Aur', 'Llanfelyn'],
  Scotland: ['Glenmarra', 'Kilbarrow', 'Eastloch'],
};
const ISSUING_BODIES = [
  'National Executive Committee',
  'Governance and Legal Unit',
  'Regional Office',
  'Disputes Panel',
];
const APPEAL_BODIES = ['National Constitutional Committee', 'Appeals Panel', 'Disputes Panel'];
const ALLEGATIONS = [
  'social media posts',
  'support for another party',
  'conduct at a branch meeting',
  'breach of confidentiality',
  'membership of a proscribed organisation',
  'bringing the party into disrepute',
  'abusive behaviour towards a member',
  'standing against an official candidate',
];
const TAGS = [
  'campaign',
  'media-interest',
  'councillor',
  'youth',
  'trade-union',
  'legal-advice',
  'group-case',
];
const ACTIONS = Object.values(ActionType);
const PRIORITIES = [
  Priority.Low,
  Priority.Normal,
  Priority.Normal,
  Priority.Normal,
  Priority.High,
  Priority.Urgent,
];
const LAST_DATE = '2019-12-31';

export class DemoGenerator {
  private readonly rand: () => number;
  private readonly counters = new Map<number, number>();
  private memberSeq = 0;

  constructor(
    private readonly staff: DemoStaff,
    private readonly createdBy: string,
    seed = 20150101,
    /** The last reference number already issued per year (to continue, never reuse). */
    startCounters: Map<number, number> = new Map(),
  ) {
    this.rand = seededRandom(seed);
    startCounters.forEach((n, y) => this.counters.set(y, n));
  }

  get lastNumbers(): Map<number, number> {
    return new Map(this.counters);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  private date(from: string, to: string): string {
    const a = dateAtUtcMidnight(from).getTime();
    const b = dateAtUtcMidnight(to).getTime();
    return addDays(from, Math.floor(((b - a) / 86_400_000) * this.rand()));
  }

  private member(): DemoMember {
    this.memberSeq++;
    const region = this.pick(Object.keys(REGIONS));
    const fullName = `${this.pick(FIRST)} ${this.pick(LAST)}`;
    const slug = normaliseName(fullName).replace(/[^a-z]+/g, '.');
    return {
      id: newId(),
      fullName,
      normalisedName: normaliseName(fullName),
      membershipNumber: this.rand() < 0.9 ? `DM${String(this.int(100000, 999999))}${this.memberSeq}` : null,
      email: this.rand() < 0.8 ? `${slug}.${this.memberSeq}@example.org` : null,
      // 07700 900xxx is the range set aside for drama: never a real subscriber.
      phone: this.rand() < 0.6 ? `07700900${String(this.int(0, 999)).padStart(3, '0')}` : null,
      constituencyParty: `${this.pick(REGIONS[region])} CLP`,
      region,
      consentToContact: this.rand() < 0.85,
      consentToResearch: this.rand() < 0.6,
    };
  }

  /** One case (and, sometimes, a new member) ending in `target`, along a legal path. */
  caseEndingIn(target: CaseStatus, batch: DemoBatch, existingMember?: DemoMember): void {
    const member = existingMember ?? this.member();
    if (!existingMember) batch.members.push(member);
    const actionType = this.pick(ACTIONS);
    const actionDate = this.date('2015-01-05', '2019-06-30');
    const notifiedAt = addDays(actionDate, this.int(0, 6));
    const year = Number(notifiedAt.slice(0, 4));
    const n = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, n);
    const assigneeId =
      this.staff.caseworkers.length && this.rand() < 0.85 ? this.pick(this.staff.caseworkers) : null;
    const coordinatorId =
      this.staff.coordinators.length && this.rand() < 0.7 ? this.pick(this.staff.coordinators) : null;
    const actor = assigneeId ?? this.createdBy;
    const issuingBody = this.pick(ISSUING_BODIES);
    const c: DemoCase = {
      id: newId(),
      reference: formatReference(year, n),
      memberId: member.id,
      actionType,
      actionDate,
      notifiedAt,
      appealDeadline: appealDeadline(notifiedAt, 28),
      issuingBody,
      externalReference:
        this.rand() < 0.5 ? `${issuingBody.split(' ')[0].toUpperCase()}/${year}/${this.int(10, 999)}` : null,
      allegations: Array.from(
        new Set([this.pick(ALLEGATIONS), ...(this.rand() < 0.4 ? [this.pick(ALLEGATIONS)] : [])]),
      ),
      summary: `Fictional demo case: ${actionType.replace('_', ' ')} notified by letter from the ${issuingBody}.`,
      priority: this.pick(PRIORITIES),
      tags: this.rand() < 0.5 ? [this.pick(TAGS)] : [],
      assigneeId,
      coordinatorId,
      createdBy: this.createdBy,
      status: CaseStatus.Intake,
    };
    const day = (d: string) => dateAtUtcMidnight(d);
    const event = (type: string, at: string, title: string, extra: Partial<DemoEvent> = {}) =>
      batch.events.push({
        id: newId(),
        caseId: c.id,
        type,
        occurredAt: day(at),
        precision: 'day',
        title,
        description: null,
        source: null,
        recordedBy: actor,
        ...extra,
      });
    event('action_taken', actionDate, `${actionType.replace('_', ' ')} by ${issuingBody}`);
    event('notified', notifiedAt, 'Member notified');
    if (this.rand() < 0.3) {
      event(
        'correspondence',
        addDays(notifiedAt, this.int(1, 20)).slice(0, 7),
        'Letter to the General Secretary',
        {
          precision: 'month',
          occurredAt: day(`${addDays(notifiedAt, this.int(1, 20)).slice(0, 7)}-01`),
          source: 'Copy kept by the member',
        },
      );
    }

    // A biased random walk through the table until the target is reached (restarting if stuck).
    let attempt = 0;
    for (;;) {
      const saved = {
        appeals: batch.appeals.length,
        transitions: batch.transitions.length,
        events: batch.events.length,
      };
      if (this.walk(c, target, batch, actor, notifiedAt, event)) break;
      batch.appeals.length = saved.appeals;
      batch.transitions.length = saved.transitions;
      batch.events.length = saved.events;
      c.status = CaseStatus.Intake;
      if (++attempt > 50) throw new Error(`could not reach ${target}`);
    }
    batch.cases.push(c);
  }

  private walk(
    c: DemoCase,
    target: CaseStatus,
    batch: DemoBatch,
    actor: string,
    start: string,
    event: (type: string, at: string, title: string, extra?: Partial<DemoEvent>) => void,
  ): boolean {
    let today = start;
    let pending: DemoAppeal | null = null;
    for (let step = 0; step < 12 && c.status !== target; step++) {
      const options = allowedNext(c.status);
      if (!options.length) return false;
      // Prefer moving forward; closing and escalating less often.
      const to = options.includes(target) && this.rand() < 0.6 ? target : this.pick(options);
      today = addDays(today, this.int(3, 35));
      if (today > LAST_DATE) today = LAST_DATE;
      if (to === CaseStatus.AppealLodged && !pending) {
        pending = {
          id: newId(),
          caseId: c.id,
          lodgedAt: today,
          body: this.pick(APPEAL_BODIES),
          grounds: 'The process did not follow the rulebook; the member was not heard.',
          hearingAt: null,
          outcome: 'pending',
          decidedAt: null,
          createdBy: actor,
        };
        batch.appeals.push(pending);
        event('appeal_lodged', today, `Appeal lodged with ${pending.body}`);
      }
      if (to === CaseStatus.HearingScheduled && pending && !pending.hearingAt) {
        pending.hearingAt = new Date(`${addDays(today, this.int(7, 40))}T10:00:00.000Z`);
        batch.events.push({
          id: newId(),
          caseId: c.id,
          type: 'hearing',
          occurredAt: pending.hearingAt,
          precision: 'exact',
          title: `Hearing before ${pending.body} scheduled`,
          description: null,
          source: null,
          recordedBy: actor,
        });
      }
      const reason =
        to === CaseStatus.Closed
          ? 'Member asked us to stop'
          : to === CaseStatus.GatheringEvidence && c.status === CaseStatus.Closed
            ? 'New evidence came to light'
            : null;
      const check = checkTransition(c.status, to, {
        pendingAppeal: pending ? { hearingAt: pending.hearingAt } : null,
        occurredAt: dateAtUtcMidnight(today),
        reason,
      });
      if (!check.ok) continue;
      batch.transitions.push({
        id: newId(),
        caseId: c.id,
        from: c.status,
        to,
        actorId: actor,
        occurredAt: dateAtUtcMidnight(today),
        reason,
        note: null,
      });
      event('status_changed', today, `Status changed from ${c.status} to ${to}`, { description: reason });
      const outcome = decisionOutcome(to);
      if (outcome) {
        if (pending) {
          pending.outcome = outcome;
          pending.decidedAt = today;
          pending = null;
        }
        event(
          'decision',
          today,
          to === CaseStatus.Reinstated ? 'Decision: member reinstated' : 'Decision: action upheld',
        );
      }
      if (to === CaseStatus.Closed && pending) {
        pending.outcome = 'withdrawn';
        pending.decidedAt = today;
        pending = null;
      }
      c.status = to;
    }
    return c.status === target;
  }

  /** `count` cases spread over every status, some members with more than one case. */
  generate(count: number): DemoBatch {
    const batch: DemoBatch = { members: [], cases: [], appeals: [], transitions: [], events: [] };
    for (let i = 0; i < count; i++) {
      const target = CASE_STATUSES[i % CASE_STATUSES.length];
      const reuse = batch.members.length > 10 && this.rand() < 0.08 ? this.pick(batch.members) : undefined;
      this.caseEndingIn(target, batch, reuse);
    }
    return batch;
  }
}
