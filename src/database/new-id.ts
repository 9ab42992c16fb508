import { v7 } from 'uuid';

/**
 * The id of a new row: a time-ordered UUID (version 7, RFC 9562), not a random one (version 4).
 *
 * Every table's primary key and most of its indexes hold ids (a case's id, its member's, its
 * events' case id). With random ids each new row lands on a random page of each of those B-trees,
 * so a transaction of ten intakes dirtied about 160 pages, each written to SQLite's WAL and synced
 * at COMMIT; the pages also fall out of the cache as the tables grow. Version 7 ids begin with the
 * millisecond they were made (and a counter within the millisecond), so new rows go to the right
 * edge of each B-tree, side by side, on both SQLite and PostgreSQL (docs/architecture.md,
 * "Row ids"). Ids stay 36-character UUIDs: every id check (ParseUUIDPipe, @IsUUID('all')) accepts
 * them, and stored version 4 ids go on working beside them.
 *
 * What they reveal: the moment a row was created, to the millisecond. Every record that carries
 * an id already carries that moment (createdAt, recordedAt, uploadedAt), and exports pseudonymise
 * member ids (HMAC), so an id says nothing its record does not. Request ids stay random.
 */
export function newId(): string {
  return v7();
}
