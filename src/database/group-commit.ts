import { AsyncResource } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type UnitOfWork<T> = (manager: EntityManager) => Promise<T>;
type Hook = () => void;
type Finisher = () => Promise<void>;

interface Queued {
  work: UnitOfWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Done {
  kind: 'done';
  unit: Queued;
  value: unknown;
  hooks: Hook[];
}

export interface GroupCommitLimits {
  /** Most units of work in one SQLite transaction. */
  maxUnits: number;
  /** No unit joins a batch that has been open this long (ms): bounds the wait for the commit. */
  maxOpenMs: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitLimits = { maxUnits: 64, maxOpenMs: 20 };

/**
 * Group commit for SQLite's single connection. Units of work run one after another, as they
 * must on one connection; those that queue up while a transaction is open join it, each inside
 * its own savepoint, and the whole group is made durable by one COMMIT (one fsync).
 *
 * Each unit is still all or nothing: a unit that throws is rolled back to its savepoint and
 * rejected, and the others in its group go on. A unit's promise resolves only after the COMMIT
 * that made it durable; if that COMMIT fails, every unit of the group is rejected and nothing
 * of the group is kept. After-commit hooks registered with a unit's manager run after that
 * COMMIT and never for a unit that was rolled back.
 *
 * A unit runs in its caller's async context (AsyncResource.bind), not in that of whichever
 * request happened to start the queue: the request context (who, which request, from where)
 * that the audit trail and the logs read is the unit's own. So are its hooks.
 */
export class GroupCommitQueue {
  private readonly queue: Queued[] = [];
  private draining = false;
  private readonly hooks = new WeakMap<EntityManager, Hook[]>();
  private readonly finishers = new WeakMap<EntityManager, Finisher[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: GroupCommitLimits = DEFAULT_GROUP_COMMIT,
  ) {}

  run<T>(work: UnitOfWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work: AsyncResource.bind(work) as UnitOfWork<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.draining) void this.drain();
    });
  }

  /** Runs hook once the transaction of manager has committed (now, if manager is in none). */
  afterCommit(manager: EntityManager, hook: Hook): void {
    const list = this.hooks.get(manager);
    if (list) list.push(AsyncResource.bind(hook));
    else runHook(hook);
  }

  /**
   * Runs finish at the end of manager's unit of work, inside its transaction, after the work
   * itself (in the order registered): a unit's last writes, e.g. its leaves of the log, appended
   * once for the whole unit. false, and nothing registered, when manager is in no unit of work.
   */
  beforeCommit(manager: EntityManager, finish: Finisher): boolean {
    const list = this.finishers.get(manager);
    if (!list) return false;
    list.push(finish);
    return true;
  }

  /** Runs the unit's before-commit work (which may register more). */
  async finish(manager: EntityManager): Promise<void> {
    const list = this.finishers.get(manager) ?? [];
    while (list.length) await list.shift()!();
  }

  /** Registers a manager of a transaction opened elsewhere (PostgreSQL): its hooks are kept. */
  track(manager: EntityManager): Hook[] {
    const list: Hook[] = [];
    this.hooks.set(manager, list);
    this.finishers.set(manager, []);
    return list;
  }

  forget(manager: EntityManager): void {
    this.hooks.delete(manager);
    this.finishers.delete(manager);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) await this.runGroup();
    } finally {
      this.draining = false;
    }
  }

  private async runGroup(): Promise<void> {
    const qr = this.dataSource.createQueryRunner();
    const done: Done[] = [];
    try {
      await qr.startTransaction();
    } catch (error) {
      // Nothing has run: the unit at the head of the queue learns why, the rest try again.
      this.queue.shift()?.reject(error);
      await qr.release();
      return;
    }
    const openedAt = Date.now();
    const savepoint = { open: false };
    let units = 0;
    while (
      this.queue.length &&
      units < this.limits.maxUnits &&
      (units === 0 || Date.now() - openedAt < this.limits.maxOpenMs)
    ) {
      const unit = this.queue.shift()!;
      units++;
      const outcome = await this.runUnit(qr, unit, savepoint);
      // A unit that failed learns it only once its writes are undone.
      if (outcome.kind === 'lost') {
        await rollbackQuietly(qr);
        // A unit that found the transaction lost before it began is not to blame: it runs again
        // in the next group.
        if (outcome.retry) this.queue.unshift(unit);
        else unit.reject(outcome.error);
        fail(done, new Error('The transaction was lost; nothing of it was kept'));
        return;
      }
      if (outcome.kind === 'failed') unit.reject(outcome.error);
      else done.push(outcome);
    }
    try {
      // COMMIT releases the last unit's savepoint with the transaction (and fails if a unit
      // ended the transaction itself).
      await qr.commitTransaction();
    } catch (error) {
      await rollbackQuietly(qr);
      fail(done, error);
      return;
    }
    await qr.release();
    for (const { unit, value, hooks } of done) {
      unit.resolve(value);
      hooks.forEach(runHook);
    }
  }

  /**
   * One unit inside its own savepoint. The savepoint of the unit before, if it succeeded, is
   * released in the same trip to the database that opens this one's (`savepoint.open` says one
   * is still open). A RELEASE that fails means the transaction itself was lost (a unit ended
   * it), and then nothing of the group may be committed. A unit that throws is rolled back to
   * its savepoint, and the group goes on.
   */
  private async runUnit(
    qr: QueryRunner,
    unit: Queued,
    savepoint: { open: boolean },
  ): Promise<Done | { kind: 'failed'; error: unknown } | { kind: 'lost'; error: unknown; retry: boolean }> {
    try {
      await execute(qr, savepoint.open ? `${RELEASE}; ${SAVEPOINT}` : SAVEPOINT);
      savepoint.open = true;
    } catch (error) {
      // A failed RELEASE is the unit before's doing; a bare SAVEPOINT that fails would fail again.
      return { kind: 'lost', error, retry: savepoint.open };
    }
    const manager = this.dataSource.createEntityManager(qr);
    const hooks = this.track(manager);
    try {
      const value = await unit.work(manager);
      await this.finish(manager);
      return { kind: 'done', unit, value, hooks };
    } catch (error) {
      try {
        await execute(qr, `ROLLBACK TO ${UNIT}; ${RELEASE}`);
        savepoint.open = false;
        return { kind: 'failed', error };
      } catch {
        return { kind: 'lost', error, retry: false };
      }
    } finally {
      this.forget(manager);
    }
  }
}

const UNIT = 'caseline_unit';
const SAVEPOINT = `SAVEPOINT ${UNIT}`;
const RELEASE = `RELEASE ${UNIT}`;

/** Runs one or more statements without parameters on the query runner's SQLite connection. */
async function execute(qr: QueryRunner, sql: string): Promise<void> {
  const db = (await qr.connect()) as { exec(sql: string, done: (err: Error | null) => void): void };
  await new Promise<void>((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function fail(done: Done[], error: unknown): void {
  for (const { unit } of done) unit.reject(error);
}

async function rollbackQuietly(qr: QueryRunner): Promise<void> {
  try {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
  } catch {
    // The transaction is gone already; nothing of it is kept either way.
  } finally {
    await qr.release();
  }
}

export function runHook(hook: Hook): void {
  try {
    hook();
  } catch {
    // A hook is a notification (e.g. queue a Redis job); its failure never undoes the commit.
  }
}
