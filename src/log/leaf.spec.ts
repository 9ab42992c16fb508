import fc from 'fast-check';
import {
  canonicalJson,
  decodeLeaf,
  disclosureMatches,
  encodeLeaf,
  fieldDigest,
  JsonValue,
  leafDataOf,
  newSalts,
} from './leaf';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts member names by UTF-16 code units (the RFC 8785 3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(value)) as object);
    expect(canonicalJson(value).startsWith('{"\\r":"Carriage Return","1":"One","\u0080":"Control"')).toBe(
      true,
    );
    expect(keys.slice(3)).toEqual(['\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it.each([
    [Number('333333333.33333329'), '333333333.3333333'], // RFC 8785's example, beyond a double's precision
    [1e30, '1e+30'],
    [4.5, '4.5'],
    [0.002, '0.002'],
    [0.000000000000000000000000001, '1e-27'],
    [-0, '0'],
  ])('writes the number %p as ECMAScript does: %s', (n, text) => {
    expect(canonicalJson(n)).toBe(text);
  });

  it('writes nested values with no whitespace and escapes as JSON.stringify', () => {
    expect(canonicalJson({ b: [1, 'x\n"', null, true], a: { d: 1, c: 2 } })).toBe(
      '{"a":{"c":2,"d":1},"b":[1,"x\\n\\"",null,true]}',
    );
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a lone surrogate', '\ud800x'],
    ['undefined', undefined],
    ['a Date', new Date(0)],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson(value as unknown as JsonValue)).toThrow();
  });

  it('property: canonical text parses back to the same value, and key order never matters', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        const text = canonicalJson(value as JsonValue);
        expect(canonicalJson(JSON.parse(text) as JsonValue)).toBe(text);
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const reversed = Object.fromEntries(Object.entries(value).reverse());
          expect(canonicalJson(reversed as JsonValue)).toBe(text);
        }
      }),
    );
  });
});

describe('leaf encoding, version 1', () => {
  const fields = {
    id: 'e1',
    title: 'Hearing moved',
    occurredAt: '2026-01-02T10:00:00.000Z',
    caseId: 7,
    note: null,
  };
  const salts = newSalts(fields);

  it('commits to each field with its own digest, and carries no value and no salt', () => {
    const { data, digests } = encodeLeaf('timeline', fields, salts);
    const text = data.toString('utf8');
    expect(Object.keys(digests).sort()).toEqual(['caseId', 'id', 'note', 'occurredAt', 'title']);
    expect(text).toMatch(/^\{"fields":\{"caseId":"[A-Za-z0-9+/]{43}=",.*\},"kind":"timeline","v":1\}$/);
    expect(text).not.toContain('Hearing');
    for (const salt of Object.values(salts)) expect(text).not.toContain(salt);
    expect(decodeLeaf(data)).toEqual({ v: 1, kind: 'timeline', fields: digests });
  });

  it('digest = SHA-256(salt ‖ JCS([name, value])), a fixed known answer', () => {
    const salt = Buffer.alloc(16, 1).toString('base64');
    // Computed apart from this code: Python's hashlib over b'\x01' * 16 + b'["title","Hearing moved"]'.
    expect(fieldDigest(salt, 'title', 'Hearing moved')).toBe('6zIVbL3xPOB5Ka0A84qZbPg/oFLdzU3YlCynXOMsQfs=');
    expect(leafDataOf('audit', { b: 'B', a: 'A' }).toString()).toBe(
      '{"fields":{"a":"A","b":"B"},"kind":"audit","v":1}',
    );
  });

  it('lets one field be disclosed and checked without the others', () => {
    const leaf = decodeLeaf(encodeLeaf('timeline', fields, salts).data);
    expect(disclosureMatches(leaf, 'title', salts.title, 'Hearing moved')).toBe(true);
    expect(disclosureMatches(leaf, 'title', salts.title, 'Hearing cancelled')).toBe(false);
    expect(disclosureMatches(leaf, 'title', salts.id, 'Hearing moved')).toBe(false);
    expect(disclosureMatches(leaf, 'id', salts.title, 'Hearing moved')).toBe(false);
    expect(disclosureMatches(leaf, 'missing', salts.title, 'Hearing moved')).toBe(false);
  });

  it('gives two records with the same values different digests (fresh salts)', () => {
    const a = encodeLeaf('timeline', fields, newSalts(fields));
    const b = encodeLeaf('timeline', fields, newSalts(fields));
    expect(a.digests.title).not.toBe(b.digests.title);
  });

  it('refuses fields without salts, salts without fields, and short salts', () => {
    expect(() => encodeLeaf('audit', { a: 1 }, {})).toThrow('differ');
    expect(() => encodeLeaf('audit', {}, { a: salts.id })).toThrow('differ');
    expect(() => encodeLeaf('audit', { a: 1 }, { a: Buffer.alloc(15).toString('base64') })).toThrow(
      'shorter than 16',
    );
  });

  it('refuses to decode a leaf of another version or not canonical', () => {
    expect(() => decodeLeaf(Buffer.from('{"fields":{},"kind":"audit","v":2}'))).toThrow('version 1');
    expect(() => decodeLeaf(Buffer.from('{"kind":"audit","fields":{},"v":1}'))).toThrow('canonical');
  });
});
