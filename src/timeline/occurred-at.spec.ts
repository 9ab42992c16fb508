import { parseOccurredAt, precisionOf } from './occurred-at';
import { DatePrecision } from './timeline-event.entity';

const P = DatePrecision;

describe('parseOccurredAt', () => {
  it.each([
    ['2019', P.Year, '2019-01-01T00:00:00.000Z'],
    ['2019-03', P.Month, '2019-03-01T00:00:00.000Z'],
    ['2019-03-04', P.Day, '2019-03-04T00:00:00.000Z'],
    ['2019-03-04T10:15:00Z', P.Exact, '2019-03-04T10:15:00.000Z'],
    ['2019-03-04T10:15:00.250+01:00', P.Exact, '2019-03-04T09:15:00.250Z'],
  ])('reads %s as %s precision', (value, precision, iso) => {
    expect(precisionOf(value)).toBe(precision);
    expect(parseOccurredAt(value, precision)).toEqual({ ok: true, occurredAt: new Date(iso), precision });
    expect(parseOccurredAt(value)).toEqual({ ok: true, occurredAt: new Date(iso), precision });
  });

  it.each([
    ['2019', P.Day],
    ['2019-03', P.Year],
    ['2019-03-04', P.Exact],
    ['2019-03-04', P.Month],
    ['2019-03-04T10:15:00Z', P.Day],
  ])('refuses %s with %s precision', (value, precision) => {
    const r = parseOccurredAt(value, precision);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^occurredAt/);
  });

  it.each([
    '2019-13',
    '2019-00',
    '2019-02-30',
    '2019-03-04T10:15:00',
    '2019-03-04T25:00:00Z',
    '2019-03-04T10:15Z',
    '2019-03-04T10:15:00+0100',
    '2019-W10-1',
    '1899-12-31',
    '1900-01-01T00:30:00+01:00',
    '04/03/2019',
    '',
    'soon',
    '19',
  ])('refuses %p', (value) => {
    const r = parseOccurredAt(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^occurredAt/);
  });

  it('refuses a non-string', () =>
    expect(parseOccurredAt(2019)).toEqual({ ok: false, message: 'occurredAt must be a string' }));
});
