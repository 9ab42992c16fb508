import { Platform1764060000000 } from './1764060000000-platform';
import { CaseCore1764060100000 } from './1764060100000-case-core';
import { Exports1764060400000 } from './1764060400000-exports';

/** Every migration, in order. A feature adds its own file here. */
export const migrations = [Platform1764060000000, CaseCore1764060100000, Exports1764060400000];
