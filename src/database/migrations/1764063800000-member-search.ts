import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Folded name search (`q` of the member and case lists): members are found by their name and the
 * names they are also known by, folded as the matcher folds them (members.name_key,
 * member_aliases.name_key: case, accents and punctuation removed), as substrings.
 *
 * SQLite: an FTS5 trigram table, `member_search`, one row per member that is not merged: `names`,
 * its name_key and its aliases' name_keys, and `contacts`, its membership number, email and alias
 * emails (so the member list's q reads one index, not every member); kept in step by triggers on
 * members and member_aliases. Its rowids come from `member_search_keys` (stable, like
 * case_search_keys).
 *
 * PostgreSQL: trigram GIN indexes (pg_trgm) on both name_key columns when the extension is there
 * (the case text search migration installs it when it may); otherwise the LIKE runs unindexed.
 */
export class MemberSearch1764063800000 implements MigrationInterface {
  name = 'MemberSearch1764063800000';

  async up(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') return this.upPostgres(qr);
    await qr.query(
      'CREATE TABLE member_search_keys (search_rowid INTEGER PRIMARY KEY, member_id varchar(36) NOT NULL UNIQUE)',
    );
    await qr.query(`CREATE VIRTUAL TABLE member_search USING fts5(names, contacts, tokenize='trigram')`);
    await qr.query(`CREATE TRIGGER trg_member_search_insert AFTER INSERT ON members BEGIN
      INSERT INTO member_search_keys (member_id) VALUES (new.id);
      INSERT INTO member_search (rowid, names, contacts)
        SELECT k.search_rowid, new.name_key, ${contacts('new')} FROM member_search_keys k WHERE k.member_id = new.id;
    END`);
    await qr.query(`CREATE TRIGGER trg_member_search_update
      AFTER UPDATE OF name_key, merged_into, membership_number, email ON members
      WHEN old.name_key IS NOT new.name_key OR old.merged_into IS NOT new.merged_into
        OR old.membership_number IS NOT new.membership_number OR old.email IS NOT new.email
    BEGIN
      DELETE FROM member_search WHERE rowid = (SELECT search_rowid FROM member_search_keys WHERE member_id = new.id);
      INSERT INTO member_search (rowid, names, contacts)
        SELECT k.search_rowid, ${names('new.id', 'new.name_key')}, ${contacts('new')} FROM member_search_keys k
        WHERE k.member_id = new.id AND new.merged_into IS NULL;
    END`);
    await qr.query(`CREATE TRIGGER trg_member_search_delete AFTER DELETE ON members BEGIN
      DELETE FROM member_search WHERE rowid = (SELECT search_rowid FROM member_search_keys WHERE member_id = old.id);
      DELETE FROM member_search_keys WHERE member_id = old.id;
    END`);
    await qr.query(`CREATE TRIGGER trg_member_search_alias AFTER INSERT ON member_aliases
      WHEN new.name_key IS NOT NULL OR new.email IS NOT NULL
    BEGIN
      DELETE FROM member_search WHERE rowid = (SELECT search_rowid FROM member_search_keys WHERE member_id = new.member_id);
      INSERT INTO member_search (rowid, names, contacts)
        SELECT k.search_rowid, ${names('m.id', 'm.name_key')}, ${contacts('m')} FROM member_search_keys k
        JOIN members m ON m.id = k.member_id
        WHERE k.member_id = new.member_id AND m.merged_into IS NULL;
    END`);
    // The members already stored.
    await qr.query('INSERT INTO member_search_keys (member_id) SELECT id FROM members');
    await qr.query(`INSERT INTO member_search (rowid, names, contacts)
      SELECT k.search_rowid, ${names('m.id', 'm.name_key')}, ${contacts('m')} FROM member_search_keys k
      JOIN members m ON m.id = k.member_id
      WHERE m.merged_into IS NULL`);
  }

  async down(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') {
      for (const index of PG_TRIGRAM_INDEXES) await qr.query(`DROP INDEX IF EXISTS ${index.name}`);
      return;
    }
    for (const trigger of ['alias', 'delete', 'update', 'insert'])
      await qr.query(`DROP TRIGGER trg_member_search_${trigger}`);
    await qr.query('DROP TABLE member_search');
    await qr.query('DROP TABLE member_search_keys');
  }

  private async upPostgres(qr: QueryRunner): Promise<void> {
    const rows = (await qr.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    )) as { schema: string }[];
    const schema = rows[0]?.schema;
    if (!schema) return;
    for (const index of PG_TRIGRAM_INDEXES)
      await qr.query(
        `CREATE INDEX ${index.name} ON ${index.table} USING gin (name_key "${schema}".gin_trgm_ops)`,
      );
  }
}

/** A member's searchable text: its name_key and its aliases' name_keys, space-separated. */
function names(memberId: string, nameKey: string): string {
  return (
    `${nameKey} || COALESCE(' ' || (SELECT group_concat(a.name_key, ' ') FROM member_aliases a` +
    ` WHERE a.member_id = ${memberId} AND a.name_key IS NOT NULL), '')`
  );
}

/** A member's membership number, email and alias emails, space-separated (the trigram index ignores case). */
function contacts(member: string): string {
  return (
    `COALESCE(${member}.membership_number, '') || ' ' || COALESCE(${member}.email, '') || COALESCE(' ' ||` +
    ` (SELECT group_concat(a.email, ' ') FROM member_aliases a WHERE a.member_id = ${member}.id AND a.email IS NOT NULL), '')`
  );
}

const PG_TRIGRAM_INDEXES = [
  { name: 'idx_members_name_key_trgm', table: 'members' },
  { name: 'idx_member_aliases_name_key_trgm', table: 'member_aliases' },
];
