import { parseRange } from './byte-range';

describe(parseRange.name, () => {
  it.each([
    [undefined, 100, { kind: 'full' }],
    ['', 100, { kind: 'full' }],
    ['bytes=0-9', 100, { kind: 'partial', range: { start: 0, end: 9 } }],
    ['bytes=10-', 100, { kind: 'partial', range: { start: 10, end: 99 } }],
    ['bytes=-10', 100, { kind: 'partial', range: { start: 90, end: 99 } }],
    ['bytes=-1000', 100, { kind: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=90-1000', 100, { kind: 'partial', range: { start: 90, end: 99 } }],
    ['bytes=99-99', 100, { kind: 'partial', range: { start: 99, end: 99 } }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=9-3', 100, { kind: 'full' }],
    ['bytes=0-1,5-6', 100, { kind: 'full' }],
    ['items=0-9', 100, { kind: 'full' }],
    ['bytes=-', 100, { kind: 'full' }],
    ['bytes=abc', 100, { kind: 'full' }],
  ])('reads %j of a %i-byte file', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
