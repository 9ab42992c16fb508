import { newId } from './new-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The creation time a version 7 id begins with (its first 48 bits, in ms). */
const idTime = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe(newId.name, () => {
  it('is a version 7 UUID (RFC 9562), which every id check of the API accepts', () => {
    for (let i = 0; i < 100; i++) expect(newId()).toMatch(UUID_V7);
  });

  it('begins with the millisecond it was made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(idTime(id)).toBeGreaterThanOrEqual(before);
    expect(idTime(id)).toBeLessThanOrEqual(after);
  });

  it('sorts in the order ids were made, within one millisecond too, so new rows sit side by side', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    // 5,000 ids take a few ms: many share a millisecond, and their counter keeps them in order.
    expect(new Set(ids.map(idTime)).size).toBeLessThan(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps random bits after the time and counter: ids made at once are not guessable from each other', () => {
    const [a, b] = [newId(), newId()];
    // The last 62 bits are random (RFC 9562 §5.7): two ids of one millisecond differ there.
    expect(a.slice(-12)).not.toBe(b.slice(-12));
  });
});
