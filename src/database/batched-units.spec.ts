import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { EntityManager } from 'typeorm';
import { BatchedUnits, BatchOutcome, RunUnit } from './batched-units';
import { UnitOfWork } from './group-commit';

/**
 * A stand-in for the transaction service that runs units only when the test says so: `commit`
 * runs the oldest queued unit and settles it as a COMMIT would, `fail` settles it as a unit that
 * never ran (no transaction could be opened).
 */
function controlledUnits() {
  const queued: { work: UnitOfWork<unknown>; resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  const runUnit: RunUnit = <T>(work: UnitOfWork<T>) =>
    new Promise<T>((resolve, reject) =>
      queued.push({ work, resolve: resolve as (v: unknown) => void, reject }),
    );
  const manager = {} as EntityManager;
  return {
    runUnit,
    get queued() {
      return queued.length;
    },
    /** Runs the oldest unit; `commitFails` makes its COMMIT fail after the work succeeded. */
    async commit(commitFails?: Error): Promise<void> {
      const unit = queued.shift();
      if (!unit) throw new Error('no unit queued');
      try {
        const value = await unit.work(manager);
        if (commitFails) unit.reject(commitFails);
        else unit.resolve(value);
      } catch (error) {
        unit.reject(error);
      }
      await flush();
    },
    async neverStarts(error: Error): Promise<void> {
      queued.shift()!.reject(error);
      await flush();
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Items are numbers; the batch answers each with its double, and refuses negatives. */
function doubling(seen: number[][], options: { throwIfBatchHas?: number } = {}) {
  return async (_m: EntityManager, items: number[]): Promise<BatchOutcome<number>[]> => {
    seen.push(items);
    if (options.throwIfBatchHas !== undefined && items.includes(options.throwIfBatchHas))
      throw new Error(`batch with ${options.throwIfBatchHas} failed`);
    return items.map((n) =>
      n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 2 },
    );
  };
}

/** Which of the promises have settled so far, and how. */
function track<T>(promises: Promise<T>[]) {
  const states: (string | undefined)[] = promises.map(() => undefined);
  promises.forEach((p, i) =>
    p.then(
      (v) => (states[i] = `ok ${String(v)}`),
      (e: Error) => (states[i] = `error ${e.message}`),
    ),
  );
  return states;
}

describe(BatchedUnits.name, () => {
  it('puts everything submitted while a batch waits for its turn into that batch', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    const batches = new BatchedUnits(units.runUnit, doubling(seen));
    const results = track([1, 2, 3].map((n) => batches.submit(n)));
    expect(units.queued).toBe(1);
    await units.commit();
    expect(seen).toEqual([[1, 2, 3]]);
    expect(results).toEqual(['ok 2', 'ok 4', 'ok 6']);
  });

  it('settles items only once their unit has committed; a COMMIT that fails rejects them', async () => {
    const units = controlledUnits();
    const batches = new BatchedUnits(units.runUnit, doubling([]));
    const results = track([batches.submit(1)]);
    await flush();
    expect(results).toEqual([undefined]);
    await units.commit(new Error('disk full'));
    expect(results).toEqual(['error disk full']);
  });

  it('opens the next batch for what arrives once a batch has started', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const work = doubling(seen);
    const batches = new BatchedUnits(units.runUnit, async (m, items: number[]) => {
      if (items.includes(1)) await held;
      return work(m, items);
    });
    const first = track([batches.submit(1)]);
    const running = units.commit();
    await flush();
    const later = track([batches.submit(2), batches.submit(3)]);
    expect(units.queued).toBe(1); // the second batch, waiting for its turn
    release();
    await running;
    await units.commit();
    expect(seen).toEqual([[1], [2, 3]]);
    expect([...first, ...later]).toEqual(['ok 2', 'ok 4', 'ok 6']);
  });

  it('takes at most maxItems into one batch and queues the rest as the next', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    const batches = new BatchedUnits(units.runUnit, doubling(seen), { maxItems: 2 });
    const results = track([1, 2, 3, 4, 5].map((n) => batches.submit(n)));
    await units.commit();
    await units.commit();
    await units.commit();
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
    expect(results).toEqual(['ok 2', 'ok 4', 'ok 6', 'ok 8', 'ok 10']);
    expect(units.queued).toBe(0);
  });

  it('rejects an item the batch refused and resolves the others of its batch', async () => {
    const units = controlledUnits();
    const batches = new BatchedUnits(units.runUnit, doubling([]));
    const results = track([1, -2, 3].map((n) => batches.submit(n)));
    await units.commit();
    expect(results).toEqual(['ok 2', 'error refused -2', 'ok 6']);
  });

  it('runs each item of a failed batch alone, and rejects only the one that fails alone too', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    const batches = new BatchedUnits(units.runUnit, doubling(seen, { throwIfBatchHas: 2 }));
    const results = track([1, 2, 3].map((n) => batches.submit(n)));
    await units.commit();
    expect(units.queued).toBe(3);
    expect(results).toEqual([undefined, undefined, undefined]);
    await units.commit();
    await units.commit();
    await units.commit();
    expect(seen).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(results).toEqual(['ok 2', 'error batch with 2 failed', 'ok 6']);
  });

  it('rejects the item of a failed batch of one at once (it already ran alone)', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    const batches = new BatchedUnits(units.runUnit, doubling(seen, { throwIfBatchHas: 7 }));
    const results = track([batches.submit(7)]);
    await units.commit();
    expect(results).toEqual(['error batch with 7 failed']);
    expect(units.queued).toBe(0);
    expect(seen).toEqual([[7]]);
  });

  it('runs a batch of one once more, alone, for a failure a rerun can cure, and then gives up', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    let failures = 1;
    const work = doubling(seen);
    const batches = new BatchedUnits(
      units.runUnit,
      async (m, items: number[]) => {
        if (items.includes(9) && failures-- > 0) throw new Error('lost a race');
        if (items.includes(8)) throw new Error('lost a race');
        return work(m, items);
      },
      { retryable: (e) => (e as Error).message === 'lost a race' },
    );
    const cured = track([batches.submit(9)]);
    await units.commit();
    expect(units.queued).toBe(1);
    await units.commit();
    expect(cured).toEqual(['ok 18']);
    const hopeless = track([batches.submit(8)]);
    await units.commit();
    await units.commit();
    expect(hopeless).toEqual(['error lost a race']);
    expect(units.queued).toBe(0);
  });

  it('tells the items waiting for a unit that never started why, and batches later ones again', async () => {
    const units = controlledUnits();
    const seen: number[][] = [];
    const batches = new BatchedUnits(units.runUnit, doubling(seen));
    const waiting = track([batches.submit(1), batches.submit(2)]);
    await units.neverStarts(new Error('database is locked'));
    expect(waiting).toEqual(['error database is locked', 'error database is locked']);
    const later = track([batches.submit(3)]);
    expect(units.queued).toBe(1);
    await units.commit();
    expect(later).toEqual(['ok 6']);
    expect(seen).toEqual([[3]]);
  });

  it('runs a batch, and the reruns of its items, in no request’s async context', async () => {
    // As the group commit does: a unit runs in the async context of whoever handed it over.
    const requests = new AsyncLocalStorage<string>();
    const contexts: (string | undefined)[] = [];
    const runUnit: RunUnit = <T>(work: UnitOfWork<T>) => {
      const bound = AsyncResource.bind(work);
      return new Promise<T>((resolve, reject) =>
        setImmediate(() => bound({} as EntityManager).then(resolve, reject)),
      );
    };
    let failFirst = true;
    const batches = new BatchedUnits<number, number>(runUnit, async (_m, items) => {
      contexts.push(requests.getStore());
      if (failFirst && items.length > 1) {
        failFirst = false;
        throw new Error('the batch failed as a whole');
      }
      return items.map((n) => ({ ok: true, value: n }));
    });
    const answers = await Promise.all([
      requests.run('request a', () => batches.submit(1).then((v) => [v, requests.getStore()])),
      requests.run('request b', () => batches.submit(2).then((v) => [v, requests.getStore()])),
    ]);
    // The batch of both failed, and each ran again alone: none of them ran as request a.
    expect(contexts).toEqual([undefined, undefined, undefined]);
    // Each caller goes on in its own context.
    expect(answers).toEqual([
      [1, 'request a'],
      [2, 'request b'],
    ]);
  });
});
