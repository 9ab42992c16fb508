import { DataSource } from 'typeorm';
import { databaseConfigFromProcess } from '../config/config';
import { databaseOptions } from './database-options';
import { ENTITIES } from './entities';

/**
 * The data source of the TypeORM CLI (`npm run migration:generate`) and of `npm run migration:run`:
 * the same database (DATABASE_URL, .env), migrations and entities as the app. Loaded from dist/.
 */
export default new DataSource({ ...databaseOptions(databaseConfigFromProcess()), entities: ENTITIES });
