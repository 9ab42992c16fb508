import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import { appendToLog } from './log-append';
import { LogEntry } from './log-records';

/**
 * How a feature puts its records in the log: in the transaction that writes them. Inside a unit
 * of work of TransactionService, a unit's entries are appended together at its end (one lock of
 * the log's head, taken last, so appends never wait on a lock while holding it); outside one
 * (a CLI's own transaction) at once.
 */
@Injectable()
export class LogWriter {
  private readonly pending = new WeakMap<EntityManager, LogEntry[]>();

  constructor(
    @Inject(TransactionService) private readonly transactions: Pick<TransactionService, 'beforeCommit'>,
  ) {}

  /** For a CLI with its own data source and transactions: each record goes in at once. */
  static immediate(): LogWriter {
    return new LogWriter({ beforeCommit: () => false });
  }

  async record(manager: EntityManager, entries: LogEntry[]): Promise<void> {
    if (!entries.length) return;
    const queued = this.pending.get(manager);
    if (queued) {
      queued.push(...entries);
      return;
    }
    const batch = [...entries];
    const deferred = this.transactions.beforeCommit(manager, async () => {
      this.pending.delete(manager);
      await appendToLog(manager, batch);
    });
    if (deferred) this.pending.set(manager, batch);
    else await appendToLog(manager, batch);
  }
}
