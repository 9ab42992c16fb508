import { DataSource } from 'typeorm';
import { SQLITE_BUSY_TIMEOUT_MS } from './database-options';

/**
 * Sets and then checks the SQLite settings Caseline relies on for durability and integrity.
 * Throws when one did not take, so a misconfigured database never serves.
 */
export async function applySqlitePragmas(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'sqlite') return;
  await dataSource.query('PRAGMA synchronous = FULL');
  const [mode] = await dataSource.query('PRAGMA journal_mode');
  const [sync] = await dataSource.query('PRAGMA synchronous');
  const [fk] = await dataSource.query('PRAGMA foreign_keys');
  const [busy] = await dataSource.query('PRAGMA busy_timeout');
  const problems: string[] = [];
  if (String(mode.journal_mode).toLowerCase() !== 'wal')
    problems.push(`journal_mode is ${mode.journal_mode}, not wal`);
  if (Number(sync.synchronous) !== 2) problems.push(`synchronous is ${sync.synchronous}, not FULL (2)`);
  if (Number(fk.foreign_keys) !== 1) problems.push('foreign_keys is off');
  const timeout = Number(busy.timeout ?? busy.busy_timeout);
  if (!(timeout >= SQLITE_BUSY_TIMEOUT_MS)) problems.push(`busy_timeout is ${timeout}`);
  if (problems.length) throw new Error(`SQLite settings not in force: ${problems.join('; ')}`);
}
