import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { SQLITE_BUSY_TIMEOUT_MS } from '../database/database-options';
import { TransactionService } from '../database/transaction.service';

/** Where an export reads its rows: plain SELECTs, raw rows (no entity hydration). */
export interface ExportReader {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /**
   * Fills a temporary table of this reader's own connection with the ids `sql` selects and names
   * it; null where the reader has no connection of its own (the pages then run `sql` themselves).
   */
  caseSet(sql: string, params: unknown[]): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * On SQLite an export reads through its own read-only connection. TypeORM's sqlite driver has one
 * connection for the whole app, and every request's unit of work queues on it
 * (TransactionService): an export reading there would sit in that queue for each of its hundreds
 * of pages, and every other request would wait behind its pages. A second connection in WAL mode
 * reads alongside the writer without blocking it, and never sees another connection's uncommitted
 * writes. Each page is one statement, i.e. one short read transaction, so the WAL can still be
 * checkpointed while a long export runs.
 *
 * PostgreSQL has a pool: each page is a plain query on it. An in-memory SQLite database cannot be
 * opened twice, so there the export reads in the shared queue as before.
 */
export async function openExportReader(
  dataSource: DataSource,
  transactions: TransactionService,
): Promise<ExportReader> {
  const file = dataSource.options.type === 'sqlite' ? String(dataSource.options.database) : null;
  if (file === null) {
    return {
      all: (sql, params) => dataSource.query(sql, params),
      caseSet: async () => null,
      close: async () => undefined,
    };
  }
  if (file === ':memory:' || file === '') {
    return {
      all: (sql, params) => transactions.run((m) => m.query(sql, params)),
      caseSet: async () => null,
      close: async () => undefined,
    };
  }
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) =>
      err ? reject(err) : resolve(opened),
    );
  });
  db.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
  let closed: Promise<void> | undefined;
  const all = <T>(sql: string, params: unknown[]) =>
    new Promise<T[]>((resolve, reject) =>
      db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  return {
    all,
    // Temporary tables live in the connection's own temp database (writable on a read-only
    // connection) and go with it when the export closes it.
    caseSet: async (sql, params) => {
      await all('CREATE TEMP TABLE export_cases (id TEXT PRIMARY KEY) WITHOUT ROWID', []);
      await all(`INSERT INTO temp.export_cases ${sql}`, params);
      return 'temp.export_cases';
    },
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())))),
  };
}
