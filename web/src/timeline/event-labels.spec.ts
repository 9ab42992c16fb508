import { formatOccurred, occurredAtValue } from './event-labels';

describe('event dates', () => {
  it('shows a date as precise as it is known', () => {
    expect(formatOccurred('2019-01-01T00:00:00.000Z', 'year')).toBe('2019');
    expect(formatOccurred('2019-03-01T00:00:00.000Z', 'month')).toBe('Mar 2019');
    expect(formatOccurred('2019-03-04T00:00:00.000Z', 'day')).toBe('4 Mar 2019');
  });
  it('sends each precision in the form the API reads it', () => {
    expect(occurredAtValue('day', '2019-03-04', '', '')).toBe('2019-03-04');
    expect(occurredAtValue('month', null, ' 2019-03 ', '')).toBe('2019-03');
    expect(occurredAtValue('year', null, '2019', '')).toBe('2019');
    expect(occurredAtValue('exact', '2019-03-04', '', '10:15')).toMatch(/^2019-03-0[34]T\d\d:15:00\.000Z$/);
    expect(occurredAtValue('day', null, '', '')).toBe('');
  });
});
