import { AsyncResource } from 'node:async_hooks';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from './group-commit';

/** What a batch says of each of its items: its result, or why it was refused (nothing written for it). */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export type BatchWork<I, O> = (manager: EntityManager, items: I[]) => Promise<BatchOutcome<O>[]>;

/** How a batch is run: a unit of work of the transaction service (TransactionService.run). */
export type RunUnit = <T>(work: UnitOfWork<T>) => Promise<T>;

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/** Most items in one batch: bounds its statements' parameters and its time in the transaction. */
export const MAX_BATCH_ITEMS = 64;

export interface BatchOptions {
  /** Most items in one batch (MAX_BATCH_ITEMS). */
  maxItems?: number;
  /**
   * Failures that running again can cure (a unique index a concurrent transaction won): a batch of
   * one that fails so runs once more, alone, instead of being rejected at once.
   */
  retryable?: (error: unknown) => boolean;
}

/**
 * Turns many concurrent requests of one kind into few units of work: items submitted while a
 * batch waits for its turn join it, and the batch writes them all with one statement per table
 * instead of one per item (on SQLite's single connection the number of statements per second,
 * not SQLite's work, is what bounds writes).
 *
 * A batch is one unit of work: all of it commits, or none of it. An item the batch refuses (its
 * outcome an error) has nothing written and is rejected once the batch has committed. A batch of
 * several items that fails as a whole (a constraint a concurrent writer broke, a lost COMMIT) is
 * not allowed to take its items down with it: each runs again on its own, and only an item that
 * fails alone is rejected (a batch of one runs again only for a `retryable` failure). Each item
 * settles only after the COMMIT that made it durable.
 *
 * A batch belongs to no one request, so it runs outside every request's async context (in the one
 * this object was made in): what is logged while it runs, and by its after-commit hooks, is not
 * put down to whichever request happened to arrive first. Whatever a batch records for its items
 * (their audit entries) names each item's own author explicitly.
 */
export class BatchedUnits<I, O> {
  private pending: Pending<I, O>[] = [];
  private scheduled = false;

  private readonly maxItems: number;
  private readonly retryable: (error: unknown) => boolean;
  /** The async context batches run in: the one this was made in, never a request's. */
  private readonly outside = new AsyncResource('BatchedUnits');

  constructor(
    private readonly runUnit: RunUnit,
    private readonly work: BatchWork<I, O>,
    options: BatchOptions = {},
  ) {
    this.maxItems = options.maxItems ?? MAX_BATCH_ITEMS;
    this.retryable = options.retryable ?? (() => false);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** One unit of work is waiting at any time; it takes everything pending when its turn comes. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.outside.runInAsyncScope(() => this.runBatch());
  }

  private runBatch(): void {
    let started = false;
    let taken: Pending<I, O>[] = [];
    this.runUnit((m) => {
      started = true;
      this.scheduled = false;
      taken = this.pending.splice(0, this.maxItems);
      if (this.pending.length) this.schedule();
      return taken.length
        ? this.work(
            m,
            taken.map((p) => p.item),
          )
        : Promise.resolve([]);
    }).then(
      (outcomes) => settle(taken, outcomes),
      (error: unknown) => {
        if (!started) {
          // The unit never ran (no transaction could be opened): what waited for it hears why.
          this.scheduled = false;
          this.pending.splice(0).forEach((p) => p.reject(error));
        } else if (taken.length === 1 && !this.retryable(error)) taken[0].reject(error);
        else taken.forEach((p) => this.alone(p));
      },
    );
  }

  /** An item of a failed batch, in a unit of its own. */
  private alone(p: Pending<I, O>): void {
    this.outside.runInAsyncScope(() => this.runAlone(p));
  }

  private runAlone(p: Pending<I, O>): void {
    this.runUnit((m) => this.work(m, [p.item])).then(
      (outcomes) => settle([p], outcomes),
      (error: unknown) => p.reject(error),
    );
  }
}

function settle<I, O>(taken: Pending<I, O>[], outcomes: BatchOutcome<O>[]): void {
  taken.forEach((p, i) => {
    const outcome = outcomes[i];
    if (!outcome) p.reject(new Error('The batch gave no outcome for this item'));
    else if (outcome.ok) p.resolve(outcome.value);
    else p.reject(outcome.error);
  });
}
