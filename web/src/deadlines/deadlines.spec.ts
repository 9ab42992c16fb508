import { addMonths, groupDeadlines, monthGrid, type DeadlineItem } from './deadlines';

const item = (date: string, time?: string): DeadlineItem => ({
  kind: time ? 'hearing' : 'appeal_deadline',
  caseId: date,
  reference: date,
  date,
  time,
});

describe('deadlines', () => {
  it('groups into overdue, today, this week and later, in order', () => {
    const g = groupDeadlines(
      [
        item('2026-03-20'),
        item('2026-03-10', '14:00'),
        item('2026-03-10', '09:30'),
        item('2026-03-09'),
        item('2026-03-16'),
        item('2026-03-17'),
      ],
      '2026-03-10',
    );
    expect(g.overdue.map((i) => i.date)).toEqual(['2026-03-09']);
    expect(g.today.map((i) => i.time)).toEqual(['09:30', '14:00']);
    expect(g['this week'].map((i) => i.date)).toEqual(['2026-03-16']);
    expect(g.later.map((i) => i.date)).toEqual(['2026-03-17', '2026-03-20']);
  });

  it('lays a month out in weeks starting on Monday', () => {
    const weeks = monthGrid('2026-03'); // 1 March 2026 is a Sunday
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-03-01']);
    expect(weeks.at(-1)).toEqual(['2026-03-30', '2026-03-31', null, null, null, null, null]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(monthGrid('2027-02').flat().filter(Boolean)).toHaveLength(28);
  });

  it('steps months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});
