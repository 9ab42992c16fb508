import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GroupCommitQueue, runHook, UnitOfWork } from './group-commit';

/**
 * The one way Caseline writes. TypeORM's sqlite3 driver shares a single connection, so two
 * transactions opened concurrently would nest ("cannot start a transaction within a
 * transaction") — on SQLite every unit of work is queued behind the previous one, and those
 * that queue up together share one COMMIT (group commit, see GroupCommitQueue). On PostgreSQL
 * each unit of work gets its own pooled connection and runs concurrently.
 */
@Injectable()
export class TransactionService {
  private readonly units: GroupCommitQueue;
  private readonly serialise: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'sqlite';
    this.units = new GroupCommitQueue(dataSource);
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: UnitOfWork<T>): Promise<T> {
    if (this.serialise) return this.units.run(work);
    return this.runOnOwnConnection(work);
  }

  /**
   * Runs hook once the transaction of manager has committed, and never if it rolls back; at once
   * when manager is not in a transaction of this service. How Redis learns of rows written
   * inside someone else's transaction (e.g. a reminder moved by a case update).
   */
  afterCommit(manager: EntityManager, hook: () => void): void {
    this.units.afterCommit(manager, hook);
  }

  /**
   * Runs finish at the end of the unit of work of manager, still inside its transaction (how the
   * log appends all of a unit's leaves at once, and takes its lock last). false when manager is
   * in no unit of work of this service: the caller must then do the work at once itself.
   */
  beforeCommit(manager: EntityManager, finish: () => Promise<void>): boolean {
    return this.units.beforeCommit(manager, finish);
  }

  private async runOnOwnConnection<T>(work: UnitOfWork<T>): Promise<T> {
    let hooks: (() => void)[] = [];
    let manager: EntityManager | undefined;
    try {
      const value = await this.dataSource.transaction(async (m) => {
        manager = m;
        hooks = this.units.track(m);
        const result = await work(m);
        await this.units.finish(m);
        return result;
      });
      hooks.forEach(runHook);
      return value;
    } finally {
      if (manager) this.units.forget(manager);
    }
  }
}
