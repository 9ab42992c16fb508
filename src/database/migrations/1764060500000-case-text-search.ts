import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that keep the case list fast on 100,000 cases.
 *
 * A text index for the case list's `q` (reference, membership number, member name, summary,
 * matched as substrings), so that a search does not read every case.
 *
 * SQLite: an FTS5 table with the trigram tokenizer, `case_search`, kept in step with cases and
 * members by triggers. Its rowids come from `case_search_keys`, whose INTEGER PRIMARY KEY is
 * stable (the implicit rowid of `cases` may change on VACUUM). A later migration that rebuilds
 * `cases` or `members` through TypeORM's table API drops these triggers and must recreate them.
 *
 * PostgreSQL: trigram GIN indexes (pg_trgm) on the same expressions the LIKE search uses, when
 * the extension is available to this database user; otherwise the search still works, unindexed.
 */
export class CaseTextSearch1764060500000 implements MigrationInterface {
  name = 'CaseTextSearch1764060500000';

  async up(qr: QueryRunner): Promise<void> {
    for (const index of LIST_INDEXES) {
      await qr.query(index.create);
      await qr.query(`DROP INDEX ${index.replaces.name}`);
    }
    if (qr.connection.options.type === 'postgres') return this.upPostgres(qr);
    await qr.query(
      'CREATE TABLE case_search_keys (search_rowid INTEGER PRIMARY KEY, case_id varchar(36) NOT NULL UNIQUE)',
    );
    await qr.query(
      `CREATE VIRTUAL TABLE case_search USING fts5(reference, membership_number, member_name, summary, tokenize='trigram')`,
    );
    await qr.query(`CREATE TRIGGER trg_case_search_insert AFTER INSERT ON cases BEGIN
      INSERT INTO case_search_keys (case_id) VALUES (new.id);
      INSERT INTO case_search (rowid, reference, membership_number, member_name, summary)
        SELECT k.search_rowid, new.reference, m.membership_number, m.normalised_name, new.summary
        FROM case_search_keys k JOIN members m ON m.id = new.member_id WHERE k.case_id = new.id;
    END`);
    await qr.query(`CREATE TRIGGER trg_case_search_update AFTER UPDATE OF reference, summary, member_id ON cases
      WHEN old.reference IS NOT new.reference OR old.summary IS NOT new.summary OR old.member_id IS NOT new.member_id
    BEGIN
      DELETE FROM case_search WHERE rowid = (SELECT search_rowid FROM case_search_keys WHERE case_id = new.id);
      INSERT INTO case_search (rowid, reference, membership_number, member_name, summary)
        SELECT k.search_rowid, new.reference, m.membership_number, m.normalised_name, new.summary
        FROM case_search_keys k JOIN members m ON m.id = new.member_id WHERE k.case_id = new.id;
    END`);
    await qr.query(`CREATE TRIGGER trg_case_search_delete AFTER DELETE ON cases BEGIN
      DELETE FROM case_search WHERE rowid = (SELECT search_rowid FROM case_search_keys WHERE case_id = old.id);
      DELETE FROM case_search_keys WHERE case_id = old.id;
    END`);
    await qr.query(`CREATE TRIGGER trg_case_search_member AFTER UPDATE OF normalised_name, membership_number ON members
      WHEN old.normalised_name IS NOT new.normalised_name OR old.membership_number IS NOT new.membership_number
    BEGIN
      DELETE FROM case_search WHERE rowid IN (
        SELECT k.search_rowid FROM cases c JOIN case_search_keys k ON k.case_id = c.id WHERE c.member_id = new.id);
      INSERT INTO case_search (rowid, reference, membership_number, member_name, summary)
        SELECT k.search_rowid, c.reference, new.membership_number, new.normalised_name, c.summary
        FROM cases c JOIN case_search_keys k ON k.case_id = c.id WHERE c.member_id = new.id;
    END`);
    // The cases already stored.
    await qr.query('INSERT INTO case_search_keys (case_id) SELECT id FROM cases');
    await qr.query(`INSERT INTO case_search (rowid, reference, membership_number, member_name, summary)
      SELECT k.search_rowid, c.reference, m.membership_number, m.normalised_name, c.summary
      FROM cases c JOIN case_search_keys k ON k.case_id = c.id JOIN members m ON m.id = c.member_id`);
  }

  async down(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') {
      for (const index of PG_TRIGRAM_INDEXES) await qr.query(`DROP INDEX IF EXISTS ${index.name}`);
    } else {
      for (const trigger of ['member', 'delete', 'update', 'insert']) {
        await qr.query(`DROP TRIGGER trg_case_search_${trigger}`);
      }
      await qr.query('DROP TABLE case_search');
      await qr.query('DROP TABLE case_search_keys');
    }
    for (const index of [...LIST_INDEXES].reverse()) {
      await qr.query(index.replaces.create);
      await qr.query(`DROP INDEX ${index.name}`);
    }
  }

  private async upPostgres(qr: QueryRunner): Promise<void> {
    // Schemas of one database share its extensions: concurrent migrations take turns here.
    await qr.query(`SELECT pg_advisory_xact_lock(hashtext('caseline:pg_trgm'))`);
    let schema = await trigramSchema(qr);
    if (!schema) {
      const [can] = (await qr.query(`SELECT
          EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available,
          has_database_privilege(current_database(), 'CREATE') AS may_create,
          (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`)) as {
        available: boolean;
        may_create: boolean;
        superuser: boolean;
      }[];
      // pg_trgm is a trusted extension (PostgreSQL 13+): database owners may install it.
      if (!can.available || !(can.may_create || can.superuser)) return;
      await qr.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
      schema = await trigramSchema(qr);
      if (!schema) return;
    }
    for (const index of PG_TRIGRAM_INDEXES) {
      await qr.query(
        `CREATE INDEX ${index.name} ON ${index.table} USING gin (${index.expression} "${schema}".gin_trgm_ops)`,
      );
    }
  }
}

/**
 * Each replaces a narrower one: the filters' indexes also cover what the count and the choice of
 * the page read, and each sort's index ends with id (the list's tie-breaker), so a page is read off
 * the index in order even where many cases share a date.
 */
const LIST_INDEXES = [
  {
    name: 'idx_cases_updated_id',
    create: 'CREATE INDEX idx_cases_updated_id ON cases (updated_at, id)',
    replaces: {
      name: 'idx_cases_updated_at',
      create: 'CREATE INDEX idx_cases_updated_at ON cases (updated_at)',
    },
  },
  {
    name: 'idx_cases_deadline_id',
    create: 'CREATE INDEX idx_cases_deadline_id ON cases (appeal_deadline, id)',
    replaces: {
      name: 'idx_cases_appeal_deadline',
      create: 'CREATE INDEX idx_cases_appeal_deadline ON cases (appeal_deadline)',
    },
  },
  {
    name: 'idx_cases_action_date_id',
    create: 'CREATE INDEX idx_cases_action_date_id ON cases (action_date, id)',
    replaces: {
      name: 'idx_cases_action_date',
      create: 'CREATE INDEX idx_cases_action_date ON cases (action_date)',
    },
  },
  {
    name: 'idx_cases_status_updated_id',
    create: 'CREATE INDEX idx_cases_status_updated_id ON cases (status, updated_at, id)',
    replaces: {
      name: 'idx_cases_status',
      create: 'CREATE INDEX idx_cases_status ON cases (status, updated_at)',
    },
  },
  {
    name: 'idx_cases_status_deadline_cover',
    create: 'CREATE INDEX idx_cases_status_deadline_cover ON cases (status, appeal_deadline, id, member_id)',
    replaces: {
      name: 'idx_cases_status_deadline',
      create: 'CREATE INDEX idx_cases_status_deadline ON cases (status, appeal_deadline)',
    },
  },
  {
    name: 'idx_cases_member_status',
    create: 'CREATE INDEX idx_cases_member_status ON cases (member_id, status)',
    replaces: { name: 'idx_cases_member', create: 'CREATE INDEX idx_cases_member ON cases (member_id)' },
  },
  {
    name: 'idx_members_region_id',
    create: 'CREATE INDEX idx_members_region_id ON members (LOWER(region), id)',
    replaces: {
      name: 'idx_members_region_lower',
      create: 'CREATE INDEX idx_members_region_lower ON members (LOWER(region))',
    },
  },
  {
    name: 'idx_members_party_id',
    create: 'CREATE INDEX idx_members_party_id ON members (LOWER(constituency_party), id)',
    replaces: {
      name: 'idx_members_party_lower',
      create: 'CREATE INDEX idx_members_party_lower ON members (LOWER(constituency_party))',
    },
  },
];

const PG_TRIGRAM_INDEXES = [
  { name: 'idx_cases_reference_trgm', table: 'cases', expression: 'reference' },
  { name: 'idx_cases_summary_trgm', table: 'cases', expression: 'LOWER(summary)' },
  { name: 'idx_members_name_trgm', table: 'members', expression: 'normalised_name' },
  { name: 'idx_members_number_trgm', table: 'members', expression: 'membership_number' },
];

async function trigramSchema(qr: QueryRunner): Promise<string | null> {
  const rows = (await qr.query(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
  )) as { schema: string }[];
  return rows[0]?.schema ?? null;
}
