import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { nameKeys, phoneKey } from '../../members/matching/member-matcher';
import { columns } from './portable';

/**
 * What the member matcher looks people up by (src/members/matching): each member's folded name
 * (for search), the sound of their surname and given name (for matching), and the last digits of
 * their phone, as indexed columns kept by
 * the code; and member_aliases, the other names, emails and phones a member is known by (a name
 * typed at an intake that linked them, or what a merged member was stored with), with the same keys;
 * and, on a member merged into another, which one and when.
 *
 * Plain ALTER TABLE ADD COLUMN: TypeORM's addColumn rebuilds a SQLite table, which would drop the
 * case search triggers on members. The keys of members already stored are computed here, in code.
 */
export class MemberMatching1764063700000 implements MigrationInterface {
  name = 'MemberMatching1764063700000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.query(`ALTER TABLE members ADD COLUMN name_key varchar(200) NOT NULL DEFAULT ''`);
    await qr.query('ALTER TABLE members ADD COLUMN match_key varchar(8) NULL');
    await qr.query('ALTER TABLE members ADD COLUMN phone_key varchar(20) NULL');
    // SQLite cannot drop a column that holds a foreign key (down), nor add one but by a rebuild:
    // there the code alone keeps merged_into pointing at a member.
    await qr.query(
      `ALTER TABLE members ADD COLUMN merged_into ${c.pg ? 'uuid NULL REFERENCES members (id)' : 'varchar(36) NULL'}`,
    );
    await qr.query(`ALTER TABLE members ADD COLUMN merged_at ${c.pg ? 'timestamptz' : 'datetime'} NULL`);
    await qr.query('CREATE INDEX idx_members_match_key ON members (match_key)');
    await qr.query('CREATE INDEX idx_members_merged_into ON members (merged_into)');
    await qr.query('CREATE INDEX idx_members_phone_key ON members (phone_key)');

    await qr.createTable(
      new Table({
        name: 'member_aliases',
        columns: [
          c.id(),
          c.uuid('member_id'),
          c.string('kind', 10),
          c.string('value', 254),
          c.string('source', 20),
          c.string('name_key', 200, true),
          c.string('match_key', 8, true),
          c.string('email', 254, true),
          c.string('phone_key', 20, true),
          c.uuid('created_by', true),
          c.timestamp('created_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_member_aliases_member',
            columnNames: ['member_id'],
            referencedTableName: 'members',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'uq_member_aliases_value', columnNames: ['member_id', 'kind', 'value'], isUnique: true },
          { name: 'idx_member_aliases_match_key', columnNames: ['match_key'] },
          { name: 'idx_member_aliases_email', columnNames: ['email'] },
          { name: 'idx_member_aliases_phone_key', columnNames: ['phone_key'] },
          { name: 'idx_member_aliases_name_key', columnNames: ['name_key'] },
        ],
        checks: [
          { name: 'chk_member_aliases_kind', expression: "kind IN ('name','email','phone')" },
          { name: 'chk_member_aliases_source', expression: "source IN ('intake','merge')" },
        ],
      }),
    );

    const p = (i: number) => (c.pg ? `$${i}` : '?');
    const rows = (await qr.query('SELECT id, full_name, phone FROM members')) as {
      id: string;
      full_name: string;
      phone: string | null;
    }[];
    for (const row of rows) {
      const keys = nameKeys(row.full_name);
      await qr.query(
        `UPDATE members SET name_key = ${p(1)}, match_key = ${p(2)}, phone_key = ${p(3)} WHERE id = ${p(4)}`,
        [keys.nameKey, keys.matchKey, phoneKey(row.phone), row.id],
      );
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('member_aliases');
    for (const index of ['idx_members_phone_key', 'idx_members_merged_into', 'idx_members_match_key'])
      await qr.query(`DROP INDEX ${index}`);
    for (const column of ['merged_at', 'merged_into', 'phone_key', 'match_key', 'name_key'])
      await qr.query(`ALTER TABLE members DROP COLUMN ${column}`);
  }
}
