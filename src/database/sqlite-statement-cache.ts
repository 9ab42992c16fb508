import sqlite3 from 'sqlite3';

type Callback = (this: sqlite3.RunResult | sqlite3.Statement, err: Error | null, rows?: unknown[]) => void;

/** Most prepared statements kept per connection; the least recently used one is finalised first. */
export const STATEMENT_CACHE_SIZE = 200;

/** INSERT, UPDATE or DELETE without RETURNING: run to completion by one step. */
const PLAIN_WRITE = /^\s*(INSERT|UPDATE|DELETE)\b(?![\s\S]*\bRETURNING\b)/i;

/**
 * node-sqlite3's Database#run and #all prepare a new statement for every call: a trip to the
 * thread pool to prepare it and another to run it, and each trip waits for the event loop. Under
 * load that round trip, not SQLite's work, is what a statement costs (see docs/architecture.md).
 * This Database keeps the prepared statements of the SQL it has seen (by exact text, so values
 * are always bound, never part of the key) and runs them again in one trip.
 *
 * A statement that fails to prepare is not kept. all() steps a statement to completion, and
 * run() keeps only plain writes, which complete in their one step, so a kept statement never
 * holds a transaction open between uses; one that fails is reset first. close() finalises them all first, as SQLite requires.
 */
export class CachingDatabase extends sqlite3.Database {
  private readonly statements = new Map<string, sqlite3.Statement>();

  override run(sql: string, ...args: unknown[]): this {
    return this.execute('run', sql, args);
  }

  override all(sql: string, ...args: unknown[]): this {
    return this.execute('all', sql, args);
  }

  override close(callback?: (err: Error | null) => void): void {
    const cached = [...this.statements.values()];
    this.statements.clear();
    let pending = cached.length;
    if (!pending) return super.close(callback);
    for (const statement of cached) {
      statement.finalize(() => {
        if (--pending === 0) super.close(callback);
      });
    }
  }

  private execute(method: 'run' | 'all', sql: string, args: unknown[]): this {
    const callback = (typeof args[args.length - 1] === 'function' ? args.pop() : undefined) as
      Callback | undefined;
    const params =
      args.length === 1 && (Array.isArray(args[0]) || args[0] === undefined) ? (args[0] ?? []) : args;
    const done = function (this: sqlite3.Statement, err: Error | null, rows?: unknown[]) {
      callback?.call(this, err, rows);
    };
    // A kept statement that failed mid-step (SQLITE_BUSY is not an end: SQLite leaves the statement
    // active so it could be retried) is reset before its caller hears of the failure — otherwise it
    // stays "in progress" and every later SAVEPOINT, ROLLBACK or COMMIT on this connection fails.
    const doneKept = function (this: sqlite3.Statement, err: Error | null, rows?: unknown[]) {
      if (!err) return callback?.call(this, err, rows);
      this.reset(() => callback?.call(this, err, rows));
    };
    // run() steps a statement once: one that returns rows (a PRAGMA, an INSERT … RETURNING) would
    // be left active, holding its transaction open, so only plain writes are kept for run().
    if (method === 'run' && !PLAIN_WRITE.test(sql)) {
      super.run(sql, params, done);
      return this;
    }
    const known = this.statements.get(sql);
    if (known) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.statements.delete(sql);
      this.statements.set(sql, known);
      known[method](params, doneKept);
      return this;
    }
    // First use: prepared, then kept only once it has prepared (a syntax error or a missing table
    // is answered to the caller and not kept).
    const statement = super.prepare(sql, (err: Error | null) => {
      if (err) {
        callback?.call(statement, err);
        return;
      }
      this.keep(sql, statement);
      statement[method](params, doneKept);
    });
    return this;
  }

  private keep(sql: string, statement: sqlite3.Statement): void {
    const previous = this.statements.get(sql);
    if (previous) previous.finalize(); // two first uses at once: the later one is kept
    this.statements.delete(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const [oldestSql, oldest] = this.statements.entries().next().value as [string, sqlite3.Statement];
      this.statements.delete(oldestSql);
      oldest.finalize();
    }
  }
}
