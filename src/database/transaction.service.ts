import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way Caseline writes. TypeORM's sqlite3 driver shares a single connection, so two
 * transactions opened concurrently would nest ("cannot start a transaction within a
 * transaction") — on SQLite every unit of work is queued behind the previous one. On
 * PostgreSQL each unit of work gets its own pooled connection and runs concurrently.
 */
@Injectable()
export class TransactionService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'sqlite';
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    // The queue continues whether this unit of work succeeded or failed.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
