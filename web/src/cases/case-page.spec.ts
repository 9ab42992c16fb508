import type { CaseView } from '../api/types';
import {
  casePatch,
  deadlineCountdown,
  editValuesOf,
  staleRows,
  transitionInputs,
  transitionVerb,
} from './case-page';

describe('deadline countdown', () => {
  const today = '2026-12-06';
  it('counts the days left, the day itself and the days past', () => {
    expect(deadlineCountdown('2026-12-11', today)).toBe('due in 5 days');
    expect(deadlineCountdown('2026-12-07', today)).toBe('due in 1 day');
    expect(deadlineCountdown('2026-12-06', today)).toBe('due today');
    expect(deadlineCountdown('2026-12-04', today)).toBe('overdue by 2 days');
    expect(deadlineCountdown('2026-12-05', today)).toBe('overdue by 1 day');
  });
  it('counts calendar days across a change of clocks', () => {
    expect(deadlineCountdown('2027-04-01', '2027-03-20')).toBe('due in 12 days');
  });
});

describe('what each move asks for', () => {
  it('asks appeal_lodged for a pending appeal only', () => {
    expect(transitionInputs('intake', 'appeal_lodged')).toEqual({
      pendingAppeal: true,
      hearingDate: false,
      decisionDate: false,
      reason: false,
    });
  });
  it('asks hearing_scheduled for the appeal and its hearing date', () => {
    expect(transitionInputs('appeal_lodged', 'hearing_scheduled')).toMatchObject({
      pendingAppeal: true,
      hearingDate: true,
    });
  });
  it('asks the decisions for their date', () => {
    expect(transitionInputs('awaiting_decision', 'reinstated').decisionDate).toBe(true);
    expect(transitionInputs('escalated', 'upheld').decisionDate).toBe(true);
    expect(transitionInputs('appeal_lodged', 'awaiting_decision')).toEqual({
      pendingAppeal: false,
      hearingDate: false,
      decisionDate: false,
      reason: false,
    });
  });
  it('asks closing and reopening for a reason, but not starting to gather evidence', () => {
    expect(transitionInputs('intake', 'closed').reason).toBe(true);
    expect(transitionInputs('closed', 'gathering_evidence').reason).toBe(true);
    expect(transitionInputs('intake', 'gathering_evidence').reason).toBe(false);
  });
  it('names reopening and closing as such', () => {
    expect(transitionVerb('closed', 'gathering_evidence', 'Gathering evidence')).toBe('Reopen the case');
    expect(transitionVerb('intake', 'closed', 'Closed')).toBe('Close the case');
    expect(transitionVerb('intake', 'appeal_lodged', 'Appeal lodged')).toBe('Move to Appeal lodged');
  });
});

const base: CaseView = {
  id: 'c1',
  reference: 'CL-2026-00001',
  status: 'intake',
  version: 3,
  memberId: 'm1',
  member: {} as CaseView['member'],
  actionType: 'suspension',
  actionDate: '2026-11-01',
  notifiedAt: '2026-11-03',
  appealDeadline: '2026-11-24',
  issuingBody: 'NEC',
  externalReference: null,
  allegations: ['posts'],
  summary: 'Old summary',
  priority: 'normal',
  tags: ['a'],
  assigneeId: null,
  coordinatorId: null,
  createdBy: 'u',
  createdAt: '',
  updatedAt: '',
  allowedTransitions: [],
};

describe('case edit', () => {
  it('sends only the fields changed, as the API takes them', () => {
    const v = editValuesOf(base);
    expect(casePatch(v, { ...v })).toEqual({});
    expect(
      casePatch(v, { ...v, summary: 'New', allegations: 'posts\n  \n second ', externalReference: '  ' }),
    ).toEqual({ summary: 'New', allegations: ['posts', 'second'] });
  });

  it('after a 409 lists, field by field, your change and what is saved now', () => {
    const v = editValuesOf(base);
    const draft = { ...v, summary: 'Mine', priority: 'high' };
    const theirs = editValuesOf({ ...base, version: 4, summary: 'Theirs', tags: ['a', 'b'] });
    expect(staleRows(v, draft, theirs)).toEqual([
      { field: 'summary', yours: 'Mine', theirs: 'Theirs', changedByOthers: true },
      { field: 'priority', yours: 'high', theirs: 'normal', changedByOthers: false },
      { field: 'tags', theirs: ['a', 'b'], changedByOthers: true },
    ]);
  });
});
