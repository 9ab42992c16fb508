import { parseCalendarDate, parseDateOrInstant, parseInstant, rangeEnd, rangeStart } from './dates';

describe('parseCalendarDate', () => {
  it.each(['2019-03-04', '2020-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2019-12-31'])(
    'accepts %p as written',
    (value) => expect(parseCalendarDate(value)).toBe(value),
  );

  it.each([
    '2019-02-29',
    '1900-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2016-W05-1',
    '2026-033',
    '20260102',
    '2026-1-2',
    ' 2026-01-02',
    '2026-01-02T00:00:00Z',
    '+002026-01-02',
    '',
    null,
    20260102,
  ])('refuses %p', (value) => expect(parseCalendarDate(value)).toBeNull());
});

describe('parseInstant', () => {
  it.each([
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02t03:04:05z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05+01:00', '2026-01-02T02:04:05.000Z'],
    ['2026-01-02T03:04:05-05:30', '2026-01-02T08:34:05.000Z'],
    ['2026-01-02T03:04:05-00:00', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05.5Z', '2026-01-02T03:04:05.500Z'],
    ['2026-01-02T03:04:05.123456789Z', '2026-01-02T03:04:05.123Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %p as %s', (value, iso) => expect(parseInstant(value)?.toISOString()).toBe(iso));

  it.each([
    '2026-01-02T25:00:00Z',
    '2026-01-02T24:00:00Z',
    '2026-01-02T03:60:00Z',
    '2026-01-02T03:04:60Z',
    '2026-02-30T03:04:05Z',
    '2026-13-02T03:04:05Z',
    '2026-01-02T03:04Z',
    '2026-01-02T03:04:05',
    '2026-01-02 03:04:05Z',
    '2026-01-02T03:04:05+0100',
    '2026-01-02T03:04:05+01',
    '2026-01-02T03:04:05+24:00',
    '2026-01-02T03:04:05+01:60',
    '2026-01-02T03:04:05.Z',
    '2026-01-02T03:04:05.1234567890Z',
    '2016-W05-1T00:00:00Z',
    '2026-01-02',
    '0001-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-00:01',
    'Fri, 02 Jan 2026 03:04:05 GMT',
    '1767323045',
    '',
    undefined,
    1767323045000,
  ])('refuses %p', (value) => expect(parseInstant(value)).toBeNull());
});

describe('parseDateOrInstant', () => {
  it('tells a calendar date from an instant', () => {
    expect(parseDateOrInstant('2019-03-04')).toEqual({ kind: 'date', date: '2019-03-04' });
    expect(parseDateOrInstant('2019-03-04T10:00:00Z')).toEqual({
      kind: 'instant',
      at: new Date('2019-03-04T10:00:00Z'),
    });
    expect(parseDateOrInstant('2016-W05-1')).toBeNull();
  });
});

describe('rangeStart and rangeEnd', () => {
  it('make a bare date cover its whole day (UTC) and keep an instant as it is', () => {
    expect(rangeStart('2019-03-04')).toEqual(new Date('2019-03-04T00:00:00.000Z'));
    expect(rangeEnd('2019-03-04')).toEqual(new Date('2019-03-04T23:59:59.999Z'));
    expect(rangeEnd('9999-12-31')).toEqual(new Date('9999-12-31T23:59:59.999Z'));
    expect(rangeStart('2019-03-04T10:00:00+01:00')).toEqual(new Date('2019-03-04T09:00:00Z'));
    expect(rangeEnd('2019-03-04T10:00:00+01:00')).toEqual(new Date('2019-03-04T09:00:00Z'));
  });

  it('give null for no value or a value that is neither form', () => {
    expect(rangeStart(undefined)).toBeNull();
    expect(rangeEnd('2016-W05-1')).toBeNull();
  });
});
