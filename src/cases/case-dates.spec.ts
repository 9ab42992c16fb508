import { addDays, appealDeadline, isCalendarDate, isNotFutureDate, latestToday } from './case-dates';

describe('isCalendarDate', () => {
  it.each(['2019-01-31', '2020-02-29', '2019-12-31', '2000-02-29'])('accepts %s', (d) =>
    expect(isCalendarDate(d)).toBe(true),
  );
  it.each([
    '2019-02-29',
    '2019-13-01',
    '2019-00-10',
    '2019-04-31',
    '2019-1-1',
    '1900-02-29',
    '19-01-01',
    '',
    20190101,
    null,
    '2019-01-01T00:00:00Z',
    '1899-12-31',
  ])('refuses %p', (d) => expect(isCalendarDate(d)).toBe(false));
});

describe('appealDeadline', () => {
  it.each([
    ['2019-03-04', 28, '2019-04-01'],
    ['2019-02-01', 28, '2019-03-01'],
    ['2020-02-01', 28, '2020-02-29'],
    ['2019-12-20', 28, '2020-01-17'],
    ['2019-03-30', 1, '2019-03-31'],
    ['2019-10-27', 7, '2019-11-03'],
  ])('%s + %i days is %s', (notified, days, deadline) => {
    expect(appealDeadline(notified, days)).toBe(deadline);
  });
  it('refuses a non-date and a negative window', () => {
    expect(() => appealDeadline('2019-02-30', 28)).toThrow(RangeError);
    expect(() => appealDeadline('2019-02-01', -1)).toThrow(RangeError);
  });
  it('adds negative days too', () => expect(addDays('2019-03-01', -1)).toBe('2019-02-28'));
});

describe('isNotFutureDate', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  it('accepts today and the past', () => {
    expect(isNotFutureDate('2026-06-15', now)).toBe(true);
    expect(isNotFutureDate('2015-01-01', now)).toBe(true);
  });
  it('accepts the date that has begun east of UTC', () => {
    expect(latestToday(now)).toBe('2026-06-16');
    expect(isNotFutureDate('2026-06-16', now)).toBe(true);
  });
  it('refuses later dates', () => expect(isNotFutureDate('2026-06-17', now)).toBe(false));
});
