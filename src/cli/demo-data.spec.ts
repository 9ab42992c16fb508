import { CaseStatus } from '../cases/case-status';
import { CASE_STATUSES, replay } from '../cases/case-workflow';
import { appealDateConflicts } from '../cases/date-rules';
import { DemoGenerator } from './demo-data';

describe(DemoGenerator.name, () => {
  const staff = { caseworkers: ['cw1', 'cw2'], coordinators: ['co1'] };
  const TODAY = '2026-03-10';
  const batch = new DemoGenerator(staff, 'admin', 42, new Map(), TODAY).generate(240);
  const statusOf = new Map(batch.cases.map((c) => [c.id, c.status]));

  it('makes the number of cases asked for, in every status', () => {
    expect(batch.cases).toHaveLength(240);
    for (const s of CASE_STATUSES) expect(batch.cases.some((c) => c.status === s)).toBe(true);
  });

  it('gives every case a history the workflow allows, ending in its status', () => {
    for (const c of batch.cases) {
      const history = batch.transitions.filter((t) => t.caseId === c.id);
      expect(replay(CaseStatus.Intake, history)).toBe(c.status);
    }
  });

  it('issues distinct sequential references per year, dated in the four years up to today', () => {
    expect(new Set(batch.cases.map((c) => c.reference)).size).toBe(240);
    for (const c of batch.cases) {
      expect(c.actionDate >= '2022-03-01' && c.notifiedAt <= TODAY).toBe(true);
      expect(c.reference.slice(3, 7)).toBe(c.notifiedAt.slice(0, 4));
    }
  });

  it('dates nothing after today but hearings (and deadlines)', () => {
    const end = new Date(`${TODAY}T23:59:59.999Z`);
    for (const e of batch.events.filter((x) => x.type !== 'hearing')) expect(e.occurredAt <= end).toBe(true);
    for (const t of batch.transitions) expect(t.occurredAt <= end).toBe(true);
    for (const a of batch.appeals) {
      expect(a.lodgedAt <= TODAY).toBe(true);
      if (a.decidedAt) expect(a.decidedAt <= TODAY).toBe(true);
      // a decision never precedes the hearing
      if (a.decidedAt && a.hearingAt)
        expect(a.hearingAt.toISOString().slice(0, 10) <= a.decidedAt).toBe(true);
    }
  });

  it('keeps the date rules the API enforces (hearing not before lodging, decision not before either)', () => {
    for (const a of batch.appeals) {
      const dates = {
        lodgedAt: a.lodgedAt,
        hearingAt: a.hearingAt,
        decidedAt: a.decidedAt,
        decided: a.outcome === 'allowed' || a.outcome === 'dismissed',
      };
      expect([a.id, appealDateConflicts(dates)]).toEqual([a.id, []]);
    }
  });

  it('gives open cases deadlines around today: some overdue, some this week and next', () => {
    const open = batch.cases.filter((c) => ['intake', 'gathering_evidence'].includes(c.status));
    const overdue = open.filter((c) => c.appealDeadline < TODAY);
    const coming = open.filter((c) => c.appealDeadline >= TODAY && c.appealDeadline <= '2026-03-24');
    expect(overdue.length).toBeGreaterThan(0);
    expect(coming.length).toBeGreaterThan(0);
    expect(overdue.length + coming.length).toBe(open.length);
  });

  it('schedules the hearings of cases waiting for one within the next fortnight', () => {
    const waiting = batch.appeals.filter(
      (a) => statusOf.get(a.caseId) === 'hearing_scheduled' && a.outcome === 'pending',
    );
    expect(waiting.length).toBeGreaterThan(0);
    for (const a of waiting) {
      const day = a.hearingAt!.toISOString().slice(0, 10);
      expect(day > TODAY && day <= '2026-03-24').toBe(true);
    }
  });

  it('keeps at most one pending appeal per case, and decided appeals dated', () => {
    const pending = batch.appeals.filter((a) => a.outcome === 'pending');
    expect(new Set(pending.map((a) => a.caseId)).size).toBe(pending.length);
    for (const a of batch.appeals.filter((x) => x.outcome !== 'pending')) expect(a.decidedAt).toBeTruthy();
    expect(batch.appeals.some((a) => a.outcome === 'allowed')).toBe(true);
    expect(batch.appeals.some((a) => a.outcome === 'dismissed')).toBe(true);
  });

  it('covers several regions, parties and action types', () => {
    expect(new Set(batch.members.map((m) => m.region)).size).toBeGreaterThan(5);
    expect(new Set(batch.members.map((m) => m.constituencyParty)).size).toBeGreaterThan(10);
    expect(new Set(batch.cases.map((c) => c.actionType)).size).toBe(4);
  });

  it('is reproducible from its seed', () => {
    const again = new DemoGenerator(staff, 'admin', 42, new Map(), TODAY).generate(240);
    expect(again.cases.map((c) => [c.reference, c.status])).toEqual(
      batch.cases.map((c) => [c.reference, c.status]),
    );
  });
});
