import { QueryFailedError } from 'typeorm';

/** Whether a query failed on a unique index or constraint (PostgreSQL 23505; SQLite's UNIQUE failure). */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
  return code === '23505' || /UNIQUE constraint failed/.test(err.message);
}
