import { MAX_BODY_DEPTH, nestsDeeperThan } from './body-depth';

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('nestsDeeperThan', () => {
  it('accepts scalars and flat values', () => {
    for (const v of [null, 1, 'x', true, {}, [], { a: 1, b: [1, 2] }])
      expect(nestsDeeperThan(v, 2)).toBe(false);
  });

  it('accepts exactly the limit and refuses one level more', () => {
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
  });

  it('handles nesting far deeper than the call stack would', () => {
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), MAX_BODY_DEPTH)).toBe(
      true,
    );
  });

  it('finds a deep branch beside shallow ones', () => {
    expect(nestsDeeperThan({ a: 1, b: { c: 2 }, d: [nested(40)] }, MAX_BODY_DEPTH)).toBe(true);
  });
});
