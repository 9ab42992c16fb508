import fc from 'fast-check';
import { canonicalJson, ChainedFields, ChainVerifier, entryHash, GENESIS_HASH } from './audit-chain';

function buildChain(n: number) {
  const rows: (ChainedFields & { id: number; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: ChainedFields = {
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      actorId: null,
      action: 'case.read',
      entityType: 'case',
      entityId: `id-${i}`,
      requestId: `req-${i}`,
      clientAddress: '127.0.0.1',
      details: canonicalJson({ n: i }),
      prevHash: prev,
    };
    const hash = entryHash(fields);
    rows.push({ ...fields, id: i, hash });
    prev = hash;
  }
  return rows;
}

function verify(
  rows: ReturnType<typeof buildChain>,
  head?: { lastId: number; lastHash: string; entries: number },
) {
  const v = new ChainVerifier();
  rows.forEach((r) => v.push(r));
  return v.result(head);
}

describe(ChainVerifier.name, () => {
  it('accepts an intact chain and its head', () => {
    const rows = buildChain(5);
    expect(verify(rows, { lastId: 5, lastHash: rows[4].hash, entries: 5 })).toEqual({
      ok: true,
      entries: 5,
      firstBrokenId: null,
    });
  });

  it('accepts an empty chain', () => {
    expect(verify([], { lastId: 0, lastHash: GENESIS_HASH, entries: 0 })).toEqual({
      ok: true,
      entries: 0,
      firstBrokenId: null,
    });
  });

  it('detects a changed row', () => {
    const rows = buildChain(5);
    rows[2] = { ...rows[2], action: 'case.update' };
    expect(verify(rows)).toMatchObject({ ok: false, firstBrokenId: 3 });
  });

  it('detects a changed row whose hash was recomputed (the next row no longer links)', () => {
    const rows = buildChain(5);
    const changed = { ...rows[1], entityId: 'other' };
    rows[1] = { ...changed, hash: entryHash(changed) };
    expect(verify(rows)).toMatchObject({ ok: false, firstBrokenId: 3 });
  });

  it('detects a deleted row', () => {
    const rows = buildChain(5);
    rows.splice(1, 1);
    expect(verify(rows)).toMatchObject({ ok: false, firstBrokenId: 3 });
  });

  it('detects deleted newest rows by comparing with the head', () => {
    const rows = buildChain(5);
    const head = { lastId: 5, lastHash: rows[4].hash, entries: 5 };
    expect(verify(rows.slice(0, 3), head)).toMatchObject({ ok: false, firstBrokenId: 4 });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('ChainVerifier properties', () => {
  const FIELDS = [
    'at',
    'actorId',
    'action',
    'entityType',
    'entityId',
    'requestId',
    'clientAddress',
    'details',
  ] as const;

  it('finds any single changed field of any entry, at that entry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1 }),
        (n, pick, field, value) => {
          const rows = buildChain(n);
          const i = pick % n;
          fc.pre(rows[i][field] !== value);
          rows[i] = { ...rows[i], [field]: value };
          const head = { lastId: n, lastHash: buildChain(n)[n - 1].hash, entries: n };
          expect(verify(rows, head)).toMatchObject({ ok: false, firstBrokenId: i + 1 });
        },
      ),
    );
  });

  it('finds any deleted entry, at the one after it (or at the head for the last)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.nat(), (n, pick) => {
        const rows = buildChain(n);
        const head = { lastId: n, lastHash: rows[n - 1].hash, entries: n };
        const i = pick % n;
        rows.splice(i, 1);
        expect(verify(rows, head)).toMatchObject({ ok: false, firstBrokenId: i + 2 > n ? n : i + 2 });
      }),
    );
  });
});
