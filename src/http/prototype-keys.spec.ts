import { prototypeKeyIn } from './prototype-keys';

describe('prototypeKeyIn', () => {
  it('accepts ordinary bodies, scalars and arrays', () => {
    for (const v of [null, 1, 'toString', [], { a: 1, b: [{ c: 'constructor' }] }, ['__proto__']])
      expect(prototypeKeyIn(v)).toBeNull();
  });

  it('finds __proto__ as JSON.parse creates it (an own key, not the prototype)', () => {
    expect(prototypeKeyIn(JSON.parse('{"a":{"__proto__":{"polluted":true}}}'))).toBe('a.__proto__');
  });

  it('finds keys that shadow inherited methods, at any depth and inside arrays', () => {
    expect(prototypeKeyIn({ dueAt: { toString: { x: 1 } } })).toBe('dueAt.toString');
    expect(prototypeKeyIn({ constructor: { prototype: {} } })).toBe('constructor');
    expect(prototypeKeyIn({ tags: [{ valueOf: 1 }] })).toBe('tags[0].valueOf');
    expect(prototypeKeyIn({ member: { hasOwnProperty: 'x' } })).toBe('member.hasOwnProperty');
  });
});
