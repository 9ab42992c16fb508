import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';

/**
 * Everything Caseline keeps on disk holds personal data (the database and its WAL, evidence,
 * exports, the generated secrets): only the account the server runs as may read it. New files get
 * that from the process's umask; files made before (or copied in) are narrowed at every start.
 */
export const PRIVATE_UMASK = 0o077;

/** The mode a private file or folder should have: the owner's bits of `mode`, nobody else's. */
export function privateMode(mode: number, isDirectory: boolean): number {
  const owner = mode & 0o700;
  return isDirectory ? 0o700 : owner & 0o600 ? owner & 0o600 : 0o600;
}

/** True when group or others may do anything with it. */
export function isWiderThanPrivate(mode: number): boolean {
  return (mode & 0o077) !== 0;
}

/** The folders and files of an installation that hold personal data. */
export function privatePaths(config: Pick<AppConfig, 'dataDir' | 'evidenceDir' | 'exportDir' | 'database'>): {
  folders: string[];
  files: string[];
} {
  const db = config.database.type === 'sqlite' ? config.database.path : null;
  return {
    folders: [config.dataDir, config.evidenceDir, config.exportDir],
    files: db ? [db, `${db}-wal`, `${db}-shm`, `${db}-journal`] : [],
  };
}

/**
 * Narrows every folder (recursively, with what it holds) and file given that group or others may
 * use; returns the paths it changed, so the caller can say so.
 */
export function narrowToPrivate(paths: { folders: string[]; files: string[] }): string[] {
  const changed: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !existsSync(path)) return;
    seen.add(path);
    const stat = statSync(path);
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    if (isWiderThanPrivate(mode)) {
      chmodSync(path, privateMode(mode, stat.isDirectory()));
      changed.push(path);
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  paths.folders.forEach(visit);
  paths.files.forEach(visit);
  return changed;
}

/** At start: narrows what the installation keeps on disk and says which paths it changed. */
export function narrowInstallationFiles(
  config: Parameters<typeof privatePaths>[0],
  logger: { warn(details: object, message: string): void },
): void {
  for (const path of narrowToPrivate(privatePaths(config))) {
    logger.warn({ path }, 'Narrowed the permissions of a file with personal data to its owner only');
  }
}
