import { needsFollowUp } from './follow-up';

const now = new Date('2026-06-30T06:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe(needsFollowUp.name, () => {
  const base = {
    status: 'gathering_evidence',
    lastActivityAt: daysAgo(31),
    lastFollowUpAt: null,
    now,
    days: 30,
  };

  it('asks for a follow-up on an open case quiet for longer than the period', () => {
    expect(needsFollowUp(base)).toBe(true);
  });

  it('asks for one exactly at the end of the period', () => {
    expect(needsFollowUp({ ...base, lastActivityAt: daysAgo(30) })).toBe(true);
  });

  it('does not ask while the case had activity within the period', () => {
    expect(needsFollowUp({ ...base, lastActivityAt: daysAgo(29) })).toBe(false);
  });

  it.each(['closed', 'reinstated'])('never asks for a %s case', (status) => {
    expect(needsFollowUp({ ...base, status })).toBe(false);
  });

  it.each(['intake', 'appeal_lodged', 'hearing_scheduled', 'awaiting_decision', 'upheld', 'escalated'])(
    'asks for a quiet %s case',
    (status) => {
      expect(needsFollowUp({ ...base, status })).toBe(true);
    },
  );

  it('asks only once per quiet period', () => {
    expect(needsFollowUp({ ...base, lastFollowUpAt: daysAgo(1) })).toBe(false);
  });

  it('asks again once a new quiet period follows new activity', () => {
    expect(needsFollowUp({ ...base, lastFollowUpAt: daysAgo(40), lastActivityAt: daysAgo(35) })).toBe(true);
  });
});
