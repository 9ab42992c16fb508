import { formatReference, parseReference } from './case-reference';

describe('formatReference', () => {
  it.each([
    [2019, 1, 'CL-2019-0001'],
    [2019, 42, 'CL-2019-0042'],
    [2020, 9999, 'CL-2020-9999'],
    [2020, 10000, 'CL-2020-10000'],
    [2026, 123456, 'CL-2026-123456'],
  ])('formats %i #%i as %s', (year, n, ref) => {
    expect(formatReference(year, n)).toBe(ref);
    expect(parseReference(ref)).toEqual({ year, sequence: n });
  });

  it.each([
    [2019, 0],
    [2019, -1],
    [2019, 1.5],
    [99, 1],
    [10000, 1],
  ])('refuses year %i sequence %i', (year, n) => {
    expect(() => formatReference(year, n)).toThrow(RangeError);
  });

  it.each(['CL-2019-001', 'cl-2019-0001', 'CL-19-0001', 'CL-2019-0000', 'XCL-2019-0001', ''])(
    'does not parse %p',
    (ref) => expect(parseReference(ref)).toBeNull(),
  );
});
