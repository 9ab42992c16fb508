import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseConfigFromProcess } from '../config/config';
import { databaseOptions } from './database-options';

/**
 * The data source of the TypeORM CLI (`npm run migration:generate`) and of `npm run migration:run`:
 * the same database (DATABASE_URL, .env) and migrations as the app, with entities found by glob
 * (the app lists them through its modules instead). Loaded from dist/.
 */
export default new DataSource({
  ...databaseOptions(databaseConfigFromProcess()),
  entities: [join(__dirname, '..', '**', '*.entity.js')],
});
