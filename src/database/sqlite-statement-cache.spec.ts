import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { CachingDatabase, STATEMENT_CACHE_SIZE } from './sqlite-statement-cache';

describe(CachingDatabase.name, () => {
  let dir: string;
  let db: CachingDatabase;
  let prepared: string[];

  const open = () =>
    new Promise<CachingDatabase>((resolve, reject) => {
      const d: CachingDatabase = new CachingDatabase(join(dir, 'db.sqlite'), (err) =>
        err ? reject(err) : resolve(d),
      );
    });
  const run = (sql: string, params: unknown[] = []) =>
    new Promise<{ lastID: number; changes: number }>((resolve, reject) =>
      db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      }),
    );
  const all = <T>(sql: string, params: unknown[] = []) =>
    new Promise<T[]>((resolve, reject) =>
      db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
    );
  const close = (d: sqlite3.Database) =>
    new Promise<void>((resolve, reject) => d.close((e) => (e ? reject(e) : resolve())));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-statements-'));
    db = await open();
    prepared = [];
    const prepare = sqlite3.Database.prototype.prepare;
    jest.spyOn(sqlite3.Database.prototype, 'prepare').mockImplementation(function (
      this: sqlite3.Database,
      sql: string,
      ...rest: unknown[]
    ) {
      prepared.push(sql);
      return (prepare as (...a: unknown[]) => sqlite3.Statement).call(this, sql, ...rest);
    } as typeof prepare);
    await run('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await close(db).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a statement once and runs it again with new values', async () => {
    const insert = 'INSERT INTO items (name) VALUES (?)';
    expect(await run(insert, ['one'])).toEqual({ lastID: 1, changes: 1 });
    expect(await run(insert, ['two'])).toEqual({ lastID: 2, changes: 1 });
    expect(await all('SELECT name FROM items WHERE id = ?', [2])).toEqual([{ name: 'two' }]);
    expect(await all('SELECT name FROM items WHERE id = ?', [1])).toEqual([{ name: 'one' }]);
    expect(prepared.filter((s) => s === insert)).toHaveLength(1);
    expect(prepared.filter((s) => s.startsWith('SELECT'))).toHaveLength(1);
  });

  it('gives each of many concurrent callers of one statement its own result', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => run('INSERT INTO items (name) VALUES (?)', [`n${i}`])),
    );
    const rows = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        all<{ name: string }>('SELECT name FROM items WHERE id = ?', [i + 1]),
      ),
    );
    expect(rows.map((r) => r[0].name).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`).sort());
    const ids = await all<{ id: number; name: string }>('SELECT id, name FROM items ORDER BY id');
    for (const { id } of ids) expect((await all('SELECT id FROM items WHERE id = ?', [id])).length).toBe(1);
  });

  it('reports a statement that cannot be prepared, and does not keep it', async () => {
    const select = 'SELECT name FROM later WHERE id = ?';
    await expect(all(select, [1])).rejects.toThrow(/no such table: later/);
    await run('CREATE TABLE later (id INTEGER PRIMARY KEY, name TEXT)');
    await run('INSERT INTO later (name) VALUES (?)', ['now']);
    expect(await all(select, [1])).toEqual([{ name: 'now' }]);
  });

  it('reports a failing run (a constraint) and keeps serving the statement', async () => {
    const insert = 'INSERT INTO items (id, name) VALUES (?, ?)';
    await run(insert, [1, 'a']);
    await expect(run(insert, [1, 'b'])).rejects.toThrow(/UNIQUE constraint failed/);
    await expect(run(insert, [2, null])).rejects.toThrow(/NOT NULL/);
    expect(await run(insert, [3, 'c'])).toEqual({ lastID: 3, changes: 1 });
  });

  it('holds no read open: another connection can checkpoint and write after a cached read', async () => {
    await run('PRAGMA journal_mode = WAL');
    await run('INSERT INTO items (name) VALUES (?)', ['x']);
    await all('SELECT * FROM items');
    const other = await new Promise<sqlite3.Database>((resolve, reject) => {
      const o: sqlite3.Database = new sqlite3.Database(join(dir, 'db.sqlite'), (e) =>
        e ? reject(e) : resolve(o),
      );
    });
    const [checkpoint] = await new Promise<{ busy: number }[]>((resolve, reject) =>
      other.all('PRAGMA wal_checkpoint(TRUNCATE)', (e: Error | null, r: { busy: number }[]) =>
        e ? reject(e) : resolve(r),
      ),
    );
    await close(other);
    expect(checkpoint.busy).toBe(0);
  });

  it('leaves nothing in progress after a statement is refused as busy, so the connection goes on', async () => {
    await run('PRAGMA journal_mode = WAL');
    await run('INSERT INTO items (name) VALUES (?)', ['x']);
    const other = await new Promise<sqlite3.Database>((resolve, reject) => {
      const o: sqlite3.Database = new sqlite3.Database(join(dir, 'db.sqlite'), (e) =>
        e ? reject(e) : resolve(o),
      );
    });
    const insert = 'INSERT INTO items (name) VALUES (?)';
    await run(insert, ['kept']); // now a kept statement
    // A read transaction, then another connection writes: this one's snapshot is stale, so its
    // write is refused at once (SQLITE_BUSY, no waiting can help) with the statement mid-step.
    await run('BEGIN');
    await all('SELECT count(*) AS n FROM items');
    await new Promise<void>((resolve, reject) =>
      other.run('INSERT INTO items (name) VALUES (?)', ['other'], (e: Error | null) =>
        e ? reject(e) : resolve(),
      ),
    );
    await close(other);
    await expect(run(insert, ['stale'])).rejects.toThrow(/SQLITE_BUSY/);
    await run('ROLLBACK');
    // The connection is whole again: savepoints, writes by the same statement, and reads.
    await run('SAVEPOINT s1');
    await run(insert, ['after']);
    await run('RELEASE s1');
    expect(await all('SELECT name FROM items ORDER BY id')).toEqual([
      { name: 'x' },
      { name: 'kept' },
      { name: 'other' },
      { name: 'after' },
    ]);
  });

  it('runs a write that returns rows to completion, so its transaction can commit', async () => {
    await run('BEGIN');
    await run('INSERT INTO items (name) VALUES (?) RETURNING id', ['x']);
    await run('INSERT INTO items (name) VALUES (?) RETURNING id', ['y']);
    await run('COMMIT');
    expect(await all('SELECT name FROM items ORDER BY id')).toEqual([{ name: 'x' }, { name: 'y' }]);
    expect(prepared.filter((sql) => sql.includes('RETURNING'))).toHaveLength(0);
  });

  it('keeps at most STATEMENT_CACHE_SIZE statements, finalising the least recently used', async () => {
    for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) await all(`SELECT ${i} AS n FROM items`);
    const before = prepared.length;
    await all(`SELECT ${STATEMENT_CACHE_SIZE} AS n FROM items`); // kept
    expect(prepared.length).toBe(before);
    await all('SELECT 0 AS n FROM items'); // evicted first: prepared again
    expect(prepared.length).toBe(before + 1);
  });

  it('finalises its statements on close, so the close succeeds', async () => {
    await run('INSERT INTO items (name) VALUES (?)', ['x']);
    await all('SELECT * FROM items');
    await expect(close(db)).resolves.toBeUndefined();
  });
});
