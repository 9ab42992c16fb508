import { Platform1764060000000 } from './1764060000000-platform';

/** Every migration, in order. A feature adds its own file here. */
export const migrations = [Platform1764060000000];
