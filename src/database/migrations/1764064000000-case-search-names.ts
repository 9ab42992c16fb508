import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list's `q` in one read of one index (SQLite): `case_search` gains `member_names`, the
 * case's member's name and the names it is also known by, folded as the matcher folds them
 * (members.name_key and member_aliases.name_key, which the application computes on write), so
 * "OBrien" finds the cases of "Margaret O'Brien" without a second index (member_search) and a
 * union. Empty for a merged member, as member_search leaves merged members out.
 *
 * FTS5 tables cannot gain a column: the table is made again (its rowids still come from
 * case_search_keys) with every trigger that writes it, and new triggers keep it current when a
 * member's names change (rename, merge) or an alias is added or removed. `down` restores the table
 * and triggers of the case text search migration.
 *
 * PostgreSQL: nothing here; its case search reads the pg_trgm indexes of the earlier migrations.
 */
export class CaseSearchNames1764064000000 implements MigrationInterface {
  name = 'CaseSearchNames1764064000000';

  async up(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') return;
    await dropCaseSearch(qr, OLD_TRIGGERS);
    await createCaseSearch(qr, true);
  }

  async down(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') return;
    await dropCaseSearch(qr, [...OLD_TRIGGERS, ...ALIAS_TRIGGERS]);
    await createCaseSearch(qr, false);
  }
}

const OLD_TRIGGERS = ['member', 'delete', 'update', 'insert'];
const ALIAS_TRIGGERS = ['alias_insert', 'alias_delete', 'alias_update'];

async function dropCaseSearch(qr: QueryRunner, triggers: string[]): Promise<void> {
  for (const trigger of triggers) await qr.query(`DROP TRIGGER trg_case_search_${trigger}`);
  await qr.query('DROP TABLE case_search');
}

/** A member's folded names (its name_key, then its aliases'), space-separated; '' once merged. */
function memberNames(m: string): string {
  return (
    `CASE WHEN ${m}.merged_into IS NULL THEN ${m}.name_key || COALESCE(' ' || (SELECT group_concat(a.name_key, ' ')` +
    ` FROM member_aliases a WHERE a.member_id = ${m}.id AND a.name_key IS NOT NULL), '') ELSE '' END`
  );
}

/** Statements that (re)write the index rows of the cases matching `where` (over cases c). */
function reindex(where: string, withNames: boolean): string {
  const columns = withNames
    ? 'reference, membership_number, member_name, member_names, summary'
    : 'reference, membership_number, member_name, summary';
  const values = withNames
    ? `c.reference, m.membership_number, m.normalised_name, ${memberNames('m')}, c.summary`
    : 'c.reference, m.membership_number, m.normalised_name, c.summary';
  return `DELETE FROM case_search WHERE rowid IN (
      SELECT k.search_rowid FROM cases c JOIN case_search_keys k ON k.case_id = c.id WHERE ${where});
    INSERT INTO case_search (rowid, ${columns})
      SELECT k.search_rowid, ${values}
      FROM cases c JOIN case_search_keys k ON k.case_id = c.id JOIN members m ON m.id = c.member_id
      WHERE ${where};`;
}

async function createCaseSearch(qr: QueryRunner, withNames: boolean): Promise<void> {
  const names = withNames ? ' member_names,' : '';
  await qr.query(
    `CREATE VIRTUAL TABLE case_search USING fts5(reference, membership_number, member_name,${names} summary, tokenize='trigram')`,
  );
  await qr.query(`CREATE TRIGGER trg_case_search_insert AFTER INSERT ON cases BEGIN
      INSERT INTO case_search_keys (case_id) VALUES (new.id);
      ${reindex('c.id = new.id', withNames)}
    END`);
  await qr.query(`CREATE TRIGGER trg_case_search_update AFTER UPDATE OF reference, summary, member_id ON cases
      WHEN old.reference IS NOT new.reference OR old.summary IS NOT new.summary OR old.member_id IS NOT new.member_id
    BEGIN
      ${reindex('c.id = new.id', withNames)}
    END`);
  await qr.query(`CREATE TRIGGER trg_case_search_delete AFTER DELETE ON cases BEGIN
      DELETE FROM case_search WHERE rowid = (SELECT search_rowid FROM case_search_keys WHERE case_id = old.id);
      DELETE FROM case_search_keys WHERE case_id = old.id;
    END`);
  if (withNames) {
    await qr.query(`CREATE TRIGGER trg_case_search_member
        AFTER UPDATE OF normalised_name, membership_number, name_key, merged_into ON members
        WHEN old.normalised_name IS NOT new.normalised_name OR old.membership_number IS NOT new.membership_number
          OR old.name_key IS NOT new.name_key OR old.merged_into IS NOT new.merged_into
      BEGIN
        ${reindex('c.member_id = new.id', true)}
      END`);
    await qr.query(`CREATE TRIGGER trg_case_search_alias_insert AFTER INSERT ON member_aliases
        WHEN new.name_key IS NOT NULL
      BEGIN
        ${reindex('c.member_id = new.member_id', true)}
      END`);
    await qr.query(`CREATE TRIGGER trg_case_search_alias_delete AFTER DELETE ON member_aliases
        WHEN old.name_key IS NOT NULL
      BEGIN
        ${reindex('c.member_id = old.member_id', true)}
      END`);
    await qr.query(`CREATE TRIGGER trg_case_search_alias_update AFTER UPDATE OF name_key, member_id ON member_aliases
        WHEN old.name_key IS NOT new.name_key OR old.member_id IS NOT new.member_id
      BEGIN
        ${reindex('c.member_id = old.member_id', true)}
        ${reindex('c.member_id = new.member_id', true)}
      END`);
  } else {
    await qr.query(`CREATE TRIGGER trg_case_search_member AFTER UPDATE OF normalised_name, membership_number ON members
        WHEN old.normalised_name IS NOT new.normalised_name OR old.membership_number IS NOT new.membership_number
      BEGIN
        ${reindex('c.member_id = new.id', false)}
      END`);
  }
  // The cases already stored.
  await qr.query(`INSERT INTO case_search (rowid, reference, membership_number, member_name,${names} summary)
      SELECT k.search_rowid, c.reference, m.membership_number, m.normalised_name,${withNames ? ` ${memberNames('m')},` : ''} c.summary
      FROM cases c JOIN case_search_keys k ON k.case_id = c.id JOIN members m ON m.id = c.member_id`);
}
