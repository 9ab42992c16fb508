import { CaseStatus } from '../cases/case-status';
import { CASE_STATUSES, replay } from '../cases/case-workflow';
import { DemoGenerator } from './demo-data';

describe(DemoGenerator.name, () => {
  const staff = { caseworkers: ['cw1', 'cw2'], coordinators: ['co1'] };
  const batch = new DemoGenerator(staff, 'admin', 42).generate(240);

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

  it('issues distinct sequential references per year, dated 2015 to 2019', () => {
    expect(new Set(batch.cases.map((c) => c.reference)).size).toBe(240);
    for (const c of batch.cases) {
      expect(c.actionDate >= '2015-01-01' && c.notifiedAt <= '2019-12-31').toBe(true);
      expect(c.reference.slice(3, 7)).toBe(c.notifiedAt.slice(0, 4));
    }
    for (const e of batch.events) expect(e.occurredAt.getUTCFullYear()).toBeLessThanOrEqual(2020);
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
    const again = new DemoGenerator(staff, 'admin', 42).generate(240);
    expect(again.cases.map((c) => [c.reference, c.status])).toEqual(
      batch.cases.map((c) => [c.reference, c.status]),
    );
  });
});
