import { SharedReads } from './shared-reads';

interface Row {
  id: string;
  active: boolean;
}

/** A read whose answers the test releases by hand, recording which reads it was asked for. */
function controlledRead() {
  const calls: { key: string; resolve(v: Row | null): void; reject(e: unknown): void }[] = [];
  const read = (key: string) =>
    new Promise<Row | null>((resolve, reject) => calls.push({ key, resolve, reject }));
  return { calls, read };
}

const copyRow = (r: Row | null) => r && { ...r };
/** Lets every pending promise reaction run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(SharedReads.name, () => {
  it('starts the first caller’s read at once', async () => {
    const { calls, read } = controlledRead();
    const reads = new SharedReads(read, copyRow);
    const answer = reads.get('u1');
    expect(calls).toHaveLength(1);
    calls[0].resolve({ id: 'u1', active: true });
    expect(await answer).toEqual({ id: 'u1', active: true });
  });

  it('gives callers who ask while a read is under way one shared read that begins after it', async () => {
    const { calls, read } = controlledRead();
    const reads = new SharedReads(read, copyRow);
    const first = reads.get('u1');
    const later = [reads.get('u1'), reads.get('u1'), reads.get('u1')];
    await settle();
    // The read under way may have begun before the later callers' questions: they wait for it to
    // end and share one read of their own, not one each.
    expect(calls).toHaveLength(1);
    calls[0].resolve({ id: 'u1', active: true });
    await settle();
    expect(calls).toHaveLength(2);
    // A change committed between the two reads: the first caller saw the row before it, the later
    // callers after it.
    calls[1].resolve({ id: 'u1', active: false });
    expect(await first).toEqual({ id: 'u1', active: true });
    expect(await Promise.all(later)).toEqual([
      { id: 'u1', active: false },
      { id: 'u1', active: false },
      { id: 'u1', active: false },
    ]);
  });

  it('reads afresh once nobody waits: a caller after the last read gets a new one', async () => {
    const { calls, read } = controlledRead();
    const reads = new SharedReads(read, copyRow);
    const first = reads.get('u1');
    calls[0].resolve({ id: 'u1', active: true });
    await first;
    await settle();
    const second = reads.get('u1');
    expect(calls).toHaveLength(2);
    calls[1].resolve(null);
    expect(await second).toBeNull();
  });

  it('keeps the reads of different keys apart', async () => {
    const { calls, read } = controlledRead();
    const reads = new SharedReads(read, copyRow);
    const a = reads.get('u1');
    const b = reads.get('u2');
    expect(calls.map((c) => c.key)).toEqual(['u1', 'u2']);
    calls[1].resolve({ id: 'u2', active: false });
    calls[0].resolve({ id: 'u1', active: true });
    expect(await a).toEqual({ id: 'u1', active: true });
    expect(await b).toEqual({ id: 'u2', active: false });
  });

  it('fails only the callers who shared a failed read; the next read goes ahead', async () => {
    const { calls, read } = controlledRead();
    const reads = new SharedReads(read, copyRow);
    const first = reads.get('u1');
    const later = [reads.get('u1'), reads.get('u1')];
    calls[0].reject(new Error('database gone'));
    await expect(first).rejects.toThrow('database gone');
    await settle();
    expect(calls).toHaveLength(2);
    calls[1].resolve({ id: 'u1', active: true });
    expect(await Promise.all(later)).toEqual([
      { id: 'u1', active: true },
      { id: 'u1', active: true },
    ]);
    // A read that fails with nobody waiting leaves nothing behind: the next caller reads anew.
    const alone = reads.get('u1');
    await settle();
    calls[2].reject(new Error('gone again'));
    await expect(alone).rejects.toThrow('gone again');
    const after = reads.get('u1');
    expect(calls).toHaveLength(4);
    calls[3].resolve(null);
    expect(await after).toBeNull();
  });

  it('gives each caller its own copy: one changing its answer leaves the others alone', async () => {
    const { calls, read } = controlledRead();
    const reads = new SharedReads(read, copyRow);
    const first = reads.get('u1');
    const [a, b] = [reads.get('u1'), reads.get('u1')];
    calls[0].resolve({ id: 'u1', active: true });
    await first;
    await settle();
    calls[1].resolve({ id: 'u1', active: true });
    const mine = (await a)!;
    mine.active = false;
    expect(await b).toEqual({ id: 'u1', active: true });
  });
});
