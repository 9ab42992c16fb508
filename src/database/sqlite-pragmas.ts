import { DataSource } from 'typeorm';
import { SQLITE_BUSY_TIMEOUT_MS } from './database-options';

/**
 * Sets and then checks the SQLite settings Caseline relies on for durability and integrity.
 * Throws when one did not take, so a misconfigured database never serves.
 *
 * `temp_store = MEMORY` keeps the statement journal in memory: every unit of a group commit runs
 * in a savepoint, and SQLite saves the original of each page a savepoint changes so that it can be
 * rolled back to. In a file, that was a write for every page an intake touched (about 140 per
 * batch of ten) besides the WAL's. What it holds lasts only until the savepoint ends and never
 * needs to survive a crash: the WAL alone makes commits durable.
 */
export async function applySqlitePragmas(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'sqlite') return;
  await dataSource.query('PRAGMA synchronous = FULL');
  await dataSource.query('PRAGMA temp_store = MEMORY');
  const [mode] = await dataSource.query('PRAGMA journal_mode');
  const [sync] = await dataSource.query('PRAGMA synchronous');
  const [fk] = await dataSource.query('PRAGMA foreign_keys');
  const [busy] = await dataSource.query('PRAGMA busy_timeout');
  const [temp] = await dataSource.query('PRAGMA temp_store');
  const problems: string[] = [];
  if (String(mode.journal_mode).toLowerCase() !== 'wal')
    problems.push(`journal_mode is ${mode.journal_mode}, not wal`);
  if (Number(sync.synchronous) !== 2) problems.push(`synchronous is ${sync.synchronous}, not FULL (2)`);
  if (Number(fk.foreign_keys) !== 1) problems.push('foreign_keys is off');
  const timeout = Number(busy.timeout ?? busy.busy_timeout);
  if (Number(temp.temp_store) !== 2) problems.push(`temp_store is ${temp.temp_store}, not MEMORY (2)`);
  if (!(timeout >= SQLITE_BUSY_TIMEOUT_MS)) problems.push(`busy_timeout is ${timeout}`);
  if (problems.length) throw new Error(`SQLite settings not in force: ${problems.join('; ')}`);
}
