import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { databaseOptions } from './database-options';
import { GroupCommitQueue } from './group-commit';
import { applySqlitePragmas } from './sqlite-pragmas';

describe(GroupCommitQueue.name, () => {
  let dir: string;
  let dataSource: DataSource;
  let observer: DataSource;
  let commits: number;

  const insert = (m: EntityManager, n: number) => m.query('INSERT INTO items (n) VALUES (?)', [n]);
  /** What another connection sees: only committed rows. */
  const committed = async () =>
    ((await observer.query('SELECT n FROM items ORDER BY n')) as { n: number }[]).map((r) => r.n);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-group-commit-'));
    const options = databaseOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') });
    dataSource = await new DataSource(options).initialize();
    await applySqlitePragmas(dataSource);
    await dataSource.query('CREATE TABLE parents (id INTEGER PRIMARY KEY)');
    await dataSource.query(
      'CREATE TABLE items (n INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)',
    );
    observer = await new DataSource(options).initialize();
    commits = 0;
    dataSource.subscribers.push({
      afterTransactionCommit: () => {
        commits++;
      },
    });
  });
  afterEach(async () => {
    await dataSource.destroy();
    await observer.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits units that queue up together in one transaction', async () => {
    const queue = new GroupCommitQueue(dataSource);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => queue.run((m) => insert(m, i + 1).then(() => i + 1))),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await committed()).toHaveLength(20);
    expect(commits).toBeLessThan(20);
    expect(commits).toBeGreaterThanOrEqual(1);
  });

  it("runs each unit and its after-commit hooks in its caller's async context, not the first caller's", async () => {
    // Who asked is read from async context (the audit trail's actor and request id): a unit run
    // in the context of whichever request started the queue would be recorded as that request's.
    const queue = new GroupCommitQueue(dataSource);
    const caller = new AsyncLocalStorage<string>();
    const hooksSaw: [string, string | undefined][] = [];
    const seen = await Promise.all(
      ['alice', 'bob', 'carol', 'dan'].map((name, i) =>
        caller.run(name, () =>
          queue.run(async (m) => {
            await insert(m, i + 1);
            queue.afterCommit(m, () => hooksSaw.push([name, caller.getStore()]));
            return caller.getStore();
          }),
        ),
      ),
    );
    expect(commits).toBeLessThan(4); // they did share a group
    expect(seen).toEqual(['alice', 'bob', 'carol', 'dan']);
    expect(hooksSaw.sort()).toEqual([
      ['alice', 'alice'],
      ['bob', 'bob'],
      ['carol', 'carol'],
      ['dan', 'dan'],
    ]);
  });

  it('resolves a unit only once its rows are committed', async () => {
    const queue = new GroupCommitQueue(dataSource);
    const seen = await Promise.all(
      [1, 2, 3].map((n) => queue.run((m) => insert(m, n)).then(() => committed())),
    );
    seen.forEach((rows, i) => expect(rows).toContain(i + 1));
  });

  it('rolls back a failing unit alone and keeps the others of its group', async () => {
    const queue = new GroupCommitQueue(dataSource);
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        queue.run(async (m) => {
          await insert(m, n);
          if (n === 3) throw new Error('unit 3 failed');
          return n;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('unit 3 failed'));
    expect(await committed()).toEqual([1, 2, 4, 5]);
  });

  it('rolls back a failing first unit alone: the units queued behind it share its group', async () => {
    const queue = new GroupCommitQueue(dataSource, { maxUnits: 64, maxOpenMs: 10_000 });
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        queue.run(async (m) => {
          await insert(m, n);
          if (n === 1) throw new Error('first failed');
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(await committed()).toEqual([2, 3]);
    expect(commits).toBe(1);
  });

  it('rejects a failing unit only once its writes are undone', async () => {
    const queue = new GroupCommitQueue(dataSource);
    /** What the writer's own connection holds, uncommitted rows of the open group included. */
    const held = async () =>
      ((await dataSource.query('SELECT n FROM items ORDER BY n')) as { n: number }[]).map((r) => r.n);
    const seenWhenRejected = new Map<number, number[]>();
    await Promise.all(
      [1, 2, 3].map((n) =>
        queue
          .run(async (m) => {
            await insert(m, n);
            if (n !== 2) throw new Error(`unit ${n} failed`);
          })
          .catch(async () => seenWhenRejected.set(n, await held())),
      ),
    );
    // Each went back to its savepoint before it heard. (Unit 2's row may or may not be written
    // yet when unit 1 hears.)
    expect(seenWhenRejected.get(1)).not.toContain(1);
    expect(seenWhenRejected.get(3)).toEqual([2]);
    expect(await committed()).toEqual([2]);
  });

  it('rejects every unit of a group whose COMMIT fails, and keeps none of them', async () => {
    const queue = new GroupCommitQueue(dataSource);
    // The deferred foreign key is only checked at COMMIT, which therefore fails for the group.
    const outcomes = await Promise.allSettled([
      queue.run((m) => insert(m, 1)),
      queue.run((m) => m.query('INSERT INTO items (n, parent_id) VALUES (2, 999)')),
      queue.run((m) => insert(m, 3)),
    ]);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(await committed()).toEqual([]);
    // The queue goes on working afterwards.
    await queue.run((m) => insert(m, 4));
    expect(await committed()).toEqual([4]);
  });

  // Found at the next unit's RELEASE (that unit, not yet begun, runs in the next group), or at
  // the COMMIT when the unit was the group's last.
  it.each([
    ['the first', 3, 0, ['rejected', 'fulfilled', 'fulfilled'], [2, 3]],
    ['a middle', 3, 1, ['rejected', 'rejected', 'fulfilled'], [3]],
    ['the last', 2, 1, ['rejected', 'rejected'], []],
  ])(
    'rejects the group up to %s unit that ends the transaction itself',
    async (_, units, ender, statuses, kept) => {
      const queue = new GroupCommitQueue(dataSource, { maxUnits: 64, maxOpenMs: 10_000 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: units }, (_, i) =>
          queue.run(async (m) => {
            await insert(m, i + 1);
            if (i === ender) await m.query('ROLLBACK');
          }),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(statuses);
      expect(await committed()).toEqual(kept);
      await queue.run((m) => insert(m, 10));
      expect(await committed()).toEqual([...kept, 10]);
    },
  );

  it('never puts more than maxUnits units in one transaction', async () => {
    const queue = new GroupCommitQueue(dataSource, { maxUnits: 3, maxOpenMs: 10_000 });
    await Promise.all(Array.from({ length: 9 }, (_, i) => queue.run((m) => insert(m, i + 1))));
    expect(commits).toBeGreaterThanOrEqual(3);
    expect(await committed()).toHaveLength(9);
  });

  it('runs after-commit hooks after the COMMIT, and never for a unit that was rolled back', async () => {
    const queue = new GroupCommitQueue(dataSource);
    const ran: string[] = [];
    const rowsWhenHookRan: number[][] = [];
    await Promise.allSettled([
      queue.run(async (m) => {
        await insert(m, 1);
        queue.afterCommit(m, () => {
          ran.push('kept');
          void committed().then((rows) => rowsWhenHookRan.push(rows));
        });
      }),
      queue.run(async (m) => {
        await insert(m, 2);
        queue.afterCommit(m, () => ran.push('rolled back'));
        throw new Error('no');
      }),
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual(['kept']);
    expect(rowsWhenHookRan).toEqual([[1]]);
  });

  it('runs a hook at once for a manager that is in no transaction of the queue', () => {
    const queue = new GroupCommitQueue(dataSource);
    let ran = false;
    queue.afterCommit(dataSource.manager, () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it("runs before-commit work at the end of its unit, inside the unit's savepoint, and refuses a manager in no unit", async () => {
    const queue = new GroupCommitQueue(dataSource);
    const order: string[] = [];
    await Promise.allSettled([
      queue.run(async (m) => {
        const registered = queue.beforeCommit(m, async () => {
          order.push('finish 1');
          await insert(m, 10);
        });
        expect(registered).toBe(true);
        await insert(m, 1);
        order.push('work 1');
      }),
      queue.run(async (m) => {
        // Its before-commit work fails: the unit is rolled back with it, the others go on.
        queue.beforeCommit(m, () => Promise.reject(new Error('no')));
        await insert(m, 2);
      }),
      queue.run(async (m) => {
        queue.beforeCommit(m, () => insert(m, 30).then(() => undefined));
        await insert(m, 3);
      }),
    ]);
    expect(order).toEqual(['work 1', 'finish 1']);
    expect(await committed()).toEqual([1, 3, 10, 30]);
    expect(queue.beforeCommit(dataSource.manager, () => Promise.resolve())).toBe(false);
  });
});
