import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/config';
import { databaseOptions } from './database-options';

/**
 * The data source of the TypeORM CLI (`npm run migration:generate`) and of `npm run migration:run`:
 * the same database and migrations as the app, with entities found by glob (the app lists them
 * through its modules instead). Compiled to dist/ and loaded from there.
 */
export function cliDataSource(env: Record<string, string | undefined> = process.env): DataSource {
  const { database } = validateEnvironment(env);
  return new DataSource({
    ...databaseOptions(database),
    entities: [join(__dirname, '..', '**', '*.entity.js')],
  });
}

export default cliDataSource();
