import { cellText, chartRows, groupLabel, SUPPRESSED, type StatsItem } from './stats-table';

const item = (over: Partial<StatsItem & { suppressed: boolean }> = {}) => ({
  key: '2026-03',
  cases: 12,
  open: 5,
  reinstated: 4,
  upheld: 3,
  closed: 0,
  medianDaysToDecision: 40.5,
  ...over,
});

describe('stats table', () => {
  it('shows counts and medians as numbers', () => {
    expect(cellText(item(), 'cases')).toBe('12');
    expect(cellText(item({ cases: 1234 }), 'cases')).toBe('1,234');
    expect(cellText(item(), 'medianDaysToDecision')).toBe('40.5');
  });

  it('shows a count the API suppresses as "fewer than 5"', () => {
    const suppressed = item({ upheld: null as unknown as number, suppressed: true });
    expect(cellText(suppressed, 'upheld')).toBe(SUPPRESSED);
    expect(cellText(suppressed, 'cases')).toBe('12');
  });

  it('shows a median of a group without decisions as a dash', () => {
    expect(cellText(item({ medianDaysToDecision: null }), 'medianDaysToDecision')).toBe('–');
    expect(cellText(item({ medianDaysToDecision: null, suppressed: true }), 'medianDaysToDecision')).toBe(
      '–',
    );
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
      [item({ open: null as unknown as number, suppressed: true })],
      ['open', 'upheld'],
    );
    expect(rows).toEqual([{ group: 'Mar 2026', open: null, upheld: 3 }]);
  });
});
