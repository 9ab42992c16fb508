import { containsPattern } from './like';

describe('containsPattern', () => {
  it.each([
    ['smith', '%smith%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ["'; DROP TABLE cases; --", "%'; DROP TABLE cases; --%"],
  ])('escapes %p', (input, out) => expect(containsPattern(input)).toBe(out));
});
