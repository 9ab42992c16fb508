import { cellText, chartRows, groupLabel, type StatsItem } from './stats-table';

const item = (over: Partial<StatsItem> = {}): StatsItem => ({
  key: '2026-03',
  cases: 12,
  open: 5,
  reinstated: 4,
  upheld: 3,
  closed: 0,
  medianDaysToDecision: 40.5,
  suppressed: false,
  withheld: {},
  ...over,
});

describe('stats table', () => {
  it('shows counts and medians as numbers', () => {
    expect(cellText(item(), 'cases')).toBe('12');
    expect(cellText(item({ cases: 1234 }), 'cases')).toBe('1,234');
    expect(cellText(item(), 'medianDaysToDecision')).toBe('40.5');
  });

  it('shows a count the API withholds as small as "fewer than" its threshold', () => {
    const suppressed = item({ upheld: null, suppressed: true, withheld: { upheld: 'small' } });
    expect(cellText(suppressed, 'upheld')).toBe('fewer than 5');
    expect(cellText(suppressed, 'upheld', 10)).toBe('fewer than 10');
    expect(cellText(suppressed, 'upheld', null)).toBe('fewer than 5');
    expect(cellText(suppressed, 'cases')).toBe('12');
  });

  it('shows a number withheld to protect another as "withheld", not as a small one', () => {
    const suppressed = item({ closed: null, suppressed: true, withheld: { closed: 'complementary' } });
    expect(cellText(suppressed, 'closed')).toBe('withheld');
  });

  it('shows a median of a group without decisions as a dash, one of too few decisions in words', () => {
    expect(cellText(item({ medianDaysToDecision: null }), 'medianDaysToDecision')).toBe('–');
    expect(
      cellText(
        item({ medianDaysToDecision: null, suppressed: true, withheld: { medianDaysToDecision: 'small' } }),
        'medianDaysToDecision',
      ),
    ).toBe('fewer than 5 decisions');
  });

  it('names groups in words', () => {
    expect(groupLabel('month', '2026-03')).toBe('Mar 2026');
    expect(groupLabel('actionType', 'auto_exclusion')).toBe('Auto-exclusion');
    expect(groupLabel('region', 'North')).toBe('North');
    expect(groupLabel('region', null)).toBe('Not recorded');
  });

  it('leaves a suppressed count out of the chart instead of drawing it as 0', () => {
    const rows = chartRows(
      'month',
      [item({ open: null, suppressed: true, withheld: { open: 'small' } })],
      ['open', 'upheld'],
    );
    expect(rows).toEqual([{ group: 'Mar 2026', open: null, upheld: 3 }]);
  });
});
