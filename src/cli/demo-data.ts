import { newId } from '../database/new-id';
import { addDays, appealDeadline, dateAtUtcMidnight } from '../cases/case-dates';
import { formatReference } from '../cases/case-reference';
import { ActionType, CaseStatus, Priority } from '../cases/case-status';
import { allowedNext, CASE_STATUSES, checkTransition, decisionOutcome } from '../cases/case-workflow';
import { normaliseName } from '../members/member-normalise';

/**
 * A realistic, entirely fictional demo dataset, generated as plain rows from a seeded random
 * source (the same seed and day give the same data). Every case follows a legal workflow path.
 * Dates are set around `today` so the data looks alive: open cases not yet appealed have appeal
 * deadlines from about ten days overdue to a fortnight ahead, cases with a scheduled hearing have it
 * within the next fortnight, and finished cases lie in the past four years. Nothing but hearings and
 * deadlines is dated after today.
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
/** Days before `today` of a case's action, by the status it is to end in. */
function actionWindow(target: CaseStatus): [number, number] {
  switch (target) {
    case CaseStatus.Intake:
    case CaseStatus.GatheringEvidence:
      // acted 20..40 days ago, notified up to 6 days later: the deadline (28 days after
      // notification) falls between 12 days overdue and 14 days ahead
      return [40, 20];
    case CaseStatus.AppealLodged:
    case CaseStatus.HearingScheduled:
    case CaseStatus.AwaitingDecision:
      return [150, 30];
    default:
      return [4 * 365, 60];
  }
}

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
    /** The day the data is set around (YYYY-MM-DD, UTC). */
    private readonly today: string = new Date().toISOString().slice(0, 10),
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
    const [from, to] = actionWindow(target);
    const actionDate = this.date(addDays(this.today, -from), addDays(this.today, -to));
    const notifiedAt = addDays(actionDate, this.int(0, Math.min(6, to)));
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
    /** The day of a hearing already held: the next step is dated no earlier. */
    let heardOn: string | null = null;
    let pending: DemoAppeal | null = null;
    for (let step = 0; step < 12 && c.status !== target; step++) {
      const options = allowedNext(c.status);
      if (!options.length) return false;
      // Prefer moving forward; closing and escalating less often.
      const to = options.includes(target) && this.rand() < 0.6 ? target : this.pick(options);
      today = addDays(today, this.int(3, 35));
      if (today > this.today) today = this.today;
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
        // A case that stops here has its hearing this week or next; one that goes on had it
        // already, and its next step is dated on or after it.
        const hearingDay =
          target === CaseStatus.HearingScheduled
            ? addDays(this.today, this.int(1, 14))
            : [addDays(today, this.int(3, 20)), this.today].sort()[0];
        pending.hearingAt = new Date(`${hearingDay}T10:00:00.000Z`);
        if (target !== CaseStatus.HearingScheduled) heardOn = hearingDay;
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
      if (heardOn) {
        today = heardOn;
        heardOn = null;
      }
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

export interface DemoReminder {
  id: string;
  caseId: string;
  reference: string;
  kind: 'appeal_deadline' | 'hearing' | 'follow_up';
  message: string;
  recipientIds: string[];
  dueAt: Date;
  /** Already delivered in-app (with a notification each), or still to come. */
  sent: boolean;
}

export interface DemoEvidence {
  caseId: string;
  reference: string;
  filename: string;
  description: string;
  uploadedBy: string;
  /** A small PDF, different for every case. */
  content: Buffer;
}

/** A one-page PDF naming the (fictional) case: enough for the type sniffer and the viewer. */
function demoPdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${title}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/**
 * What makes the open cases look worked on: reminders for the deadlines and hearings around
 * `today` (those already due sent in-app, so their recipients have notifications), and a letter
 * and a note as evidence on some cases.
 */
export function demoActivity(
  batch: DemoBatch,
  today: string,
  now: Date,
): { reminders: DemoReminder[]; evidence: DemoEvidence[] } {
  const reminders: DemoReminder[] = [];
  const evidence: DemoEvidence[] = [];
  const recipients = (c: DemoCase) =>
    Array.from(new Set([c.assigneeId, c.coordinatorId].filter((x): x is string => Boolean(x)))).concat(
      c.assigneeId || c.coordinatorId ? [] : [c.createdBy],
    );
  const at9 = (day: string) => new Date(`${day}T09:00:00.000Z`);
  for (const c of batch.cases) {
    if (c.status === CaseStatus.Intake || c.status === CaseStatus.GatheringEvidence) {
      const dueAt = at9(addDays(c.appealDeadline, -2));
      reminders.push({
        id: newId(),
        caseId: c.id,
        reference: c.reference,
        kind: 'appeal_deadline',
        message: `The appeal deadline of ${c.reference} is ${c.appealDeadline}: lodge the appeal before then.`,
        recipientIds: recipients(c),
        dueAt,
        sent: dueAt <= now,
      });
    }
    if (c.status === CaseStatus.HearingScheduled) {
      const appeal = batch.appeals.find((a) => a.caseId === c.id && a.outcome === 'pending' && a.hearingAt);
      if (appeal?.hearingAt) {
        const dueAt = new Date(appeal.hearingAt.getTime() - 2 * 86_400_000);
        reminders.push({
          id: newId(),
          caseId: c.id,
          reference: c.reference,
          kind: 'hearing',
          message: `Hearing of ${c.reference} before ${appeal.body}: prepare the member and the bundle.`,
          recipientIds: recipients(c),
          dueAt,
          sent: dueAt <= now,
        });
      }
    }
  }
  // Evidence on every fourth case that is still open or was decided: a letter, sometimes a note.
  batch.cases.forEach((c, i) => {
    if (i % 4 !== 0) return;
    const uploadedBy = c.assigneeId ?? c.createdBy;
    evidence.push({
      caseId: c.id,
      reference: c.reference,
      filename: `notification-letter-${c.reference}.pdf`,
      description: `Fictional demo copy of the letter notifying the ${c.actionType.replace('_', ' ')}`,
      uploadedBy,
      content: demoPdf(`Fictional demo notification letter, case ${c.reference}, notified ${c.notifiedAt}`),
    });
    if (i % 8 === 0)
      evidence.push({
        caseId: c.id,
        reference: c.reference,
        filename: `meeting-notes-${c.reference}.pdf`,
        description: 'Fictional demo notes of a branch meeting',
        uploadedBy,
        content: demoPdf(`Fictional demo meeting notes, case ${c.reference}, ${today}`),
      });
  });
  return { reminders, evidence };
}
