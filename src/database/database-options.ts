import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/config';
import { migrations } from './migrations';
import { CachingDatabase } from './sqlite-statement-cache';

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const cachingSqlite3 = { ...sqlite3, Database: CachingDatabase };
const SQLITE_DRIVER = { ...cachingSqlite3, verbose: () => cachingSqlite3 };

/** TypeORM options for either database; the app and the CLI data source add ENTITIES (entities.ts). */
export function databaseOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { synchronize: false, migrationsRun: false, migrations, logging: false as const };
  if (db.type === 'sqlite') {
    const path = resolve(db.path);
    mkdirSync(dirname(path), { recursive: true });
    return {
      ...common,
      type: 'sqlite',
      database: path,
      // TypeORM calls sqlite3.verbose(), which wraps every call to keep long stack traces: an
      // Error plus util.inspect of the SQL and its parameters per query, a large share of the
      // CPU an intake costs. The plain driver is handed over instead, with a Database that keeps
      // its prepared statements (one trip to the thread pool per statement instead of two).
      driver: SQLITE_DRIVER,
      enableWAL: true,
      busyTimeout: SQLITE_BUSY_TIMEOUT_MS,
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    schema: db.schema,
    extra: { max: 10, ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}) },
  };
}
