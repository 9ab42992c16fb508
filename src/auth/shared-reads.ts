interface Slot<V> {
  /** The read of this key under way. */
  current: Promise<V>;
  /** The read that starts once `current` has settled, shared by everyone who asked meanwhile. */
  next: Promise<V> | null;
}

/**
 * Reads of one key that pile up share trips to the database, without anyone getting an answer
 * older than their question. The first caller's read starts at once. Callers who ask while it is
 * under way do not get it (it may have begun before a change they expect to see): they all share
 * the next read, which starts as soon as that one has settled. So however many callers ask at
 * once, one key costs at most two reads in turn, and every answer comes from a read that began
 * after its caller asked. Each caller gets its own copy of the answer (`copy`), so one request
 * changing what it got cannot change another's. A failed read fails only the callers who shared
 * it; the next read goes ahead.
 */
export class SharedReads<K, V> {
  private readonly slots = new Map<K, Slot<V>>();

  constructor(
    private readonly read: (key: K) => Promise<V>,
    private readonly copy: (value: V) => V,
  ) {}

  async get(key: K): Promise<V> {
    const slot = this.slots.get(key);
    const read = slot
      ? (slot.next ??= whenSettled(slot.current).then(() => this.begin(key)))
      : this.begin(key);
    return this.copy(await read);
  }

  private begin(key: K): Promise<V> {
    const read = this.read(key);
    const slot = this.slots.get(key);
    if (slot) {
      slot.current = read;
      slot.next = null;
    } else this.slots.set(key, { current: read, next: null });
    const settled = () => {
      const now = this.slots.get(key);
      // Kept while someone waits for the next read: that read takes the slot over.
      if (now && now.current === read && !now.next) this.slots.delete(key);
    };
    read.then(settled, settled);
    return read;
  }
}

function whenSettled(p: Promise<unknown>): Promise<void> {
  return p.then(
    () => undefined,
    () => undefined,
  );
}
