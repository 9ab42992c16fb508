import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

type Work = () => void;

/**
 * Runs work once the transaction of an EntityManager has committed (and never if it rolls
 * back): how Redis learns about reminders written inside someone else's transaction, e.g. a
 * case update that moved the appeal deadline.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface, OnModuleInit {
  private readonly pending = new WeakMap<QueryRunner, Work[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  run(manager: EntityManager, work: Work): void {
    const qr = manager.queryRunner;
    if (!qr || !qr.isTransactionActive) {
      work();
      return;
    }
    const list = this.pending.get(qr) ?? [];
    list.push(work);
    this.pending.set(qr, list);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside a longer transaction is not yet a commit.
    if (event.queryRunner.isTransactionActive) return;
    const list = this.pending.get(event.queryRunner);
    this.pending.delete(event.queryRunner);
    list?.forEach((work) => work());
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
