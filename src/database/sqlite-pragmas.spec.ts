import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';
import { applySqlitePragmas } from './sqlite-pragmas';

describe(applySqlitePragmas.name, () => {
  let dir: string;
  let dataSource: DataSource | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-pragmas-'));
  });
  afterEach(async () => {
    await dataSource?.destroy();
    dataSource = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves WAL, synchronous=FULL, foreign keys, the busy timeout and temp_store=MEMORY in force', async () => {
    dataSource = await new DataSource(
      databaseOptions({ type: 'sqlite', path: join(dir, 'nested', 'db.sqlite') }),
    ).initialize();
    await applySqlitePragmas(dataSource);
    const [mode] = await dataSource.query('PRAGMA journal_mode');
    const [sync] = await dataSource.query('PRAGMA synchronous');
    const [fk] = await dataSource.query('PRAGMA foreign_keys');
    expect(mode.journal_mode).toBe('wal');
    expect(Number(sync.synchronous)).toBe(2);
    expect(Number(fk.foreign_keys)).toBe(1);
    const [temp] = await dataSource.query('PRAGMA temp_store');
    expect(Number(temp.temp_store)).toBe(2);
  });

  it('refuses a connection without WAL', async () => {
    const options = databaseOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') });
    dataSource = await new DataSource({ ...options, enableWAL: false } as typeof options).initialize();
    await dataSource.query('PRAGMA journal_mode = DELETE');
    await expect(applySqlitePragmas(dataSource)).rejects.toThrow(/journal_mode is delete/);
  });
});
