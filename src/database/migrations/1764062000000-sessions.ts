import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './portable';

/**
 * Browser sessions (only a hash of each token is stored) and the flag of a user who signed in
 * with a one-time password and must choose their own before anything else.
 */
export class Sessions1764062000000 implements MigrationInterface {
  name = 'Sessions1764062000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'sessions',
        columns: [
          c.id(),
          c.uuid('user_id'),
          c.string('token_hash', 64),
          c.timestamp('created_at'),
          c.timestamp('last_seen_at'),
          c.timestamp('ended_at', true),
          c.string('end_reason', 20, true),
        ],
        foreignKeys: [
          {
            name: 'fk_sessions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [
          { name: 'uq_sessions_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'idx_sessions_user', columnNames: ['user_id', 'ended_at'] },
        ],
        checks: [
          {
            name: 'chk_sessions_end_reason',
            expression:
              "end_reason IS NULL OR end_reason IN ('signed_out','idle','absolute','password_changed','password_reset')",
          },
        ],
      }),
    );
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, which every other table references.
    await qr.query(
      `ALTER TABLE users ADD COLUMN password_change_required boolean NOT NULL DEFAULT ${c.pg ? 'false' : '0'}`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('ALTER TABLE users DROP COLUMN password_change_required');
    await qr.dropTable('sessions');
  }
}
