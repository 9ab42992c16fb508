import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './portable';

export class Platform1764060000000 implements MigrationInterface {
  name = 'Platform1764060000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.string('email', 254),
          c.string('full_name', 200),
          c.string('role', 20),
          c.string('password_hash', 255),
          c.bool('active', true),
          c.int('version', { default: 1 }),
          c.timestamp('created_at', false, true),
          c.timestamp('updated_at', false, true),
        ],
        checks: [
          { name: 'chk_users_role', expression: "role IN ('admin','caseworker','coordinator','researcher')" },
        ],
      }),
    );
    // Emails are stored lower-cased; the unique index makes them unique case-insensitively.
    await qr.createIndex(
      'users',
      new TableIndex({ name: 'uq_users_email', columnNames: ['email'], isUnique: true }),
    );

    await qr.createTable(
      new Table({
        name: 'login_failures',
        columns: [
          c.serial(),
          c.string('account_key', 254),
          c.string('client_address', 64),
          c.timestamp('at'),
        ],
        indices: [
          { name: 'idx_login_failures_account', columnNames: ['account_key', 'at'] },
          { name: 'idx_login_failures_address', columnNames: ['client_address', 'at'] },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          c.serial(),
          c.string('at', 30),
          c.uuid('actor_id', true),
          c.string('action', 64),
          c.string('entity_type', 40, true),
          c.string('entity_id', 64, true),
          c.string('request_id', 64, true),
          c.string('client_address', 64, true),
          c.text('details'),
          c.string('prev_hash', 64),
          c.string('hash', 64),
        ],
        indices: [
          { name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id'] },
          { name: 'idx_audit_actor', columnNames: ['actor_id'] },
          { name: 'idx_audit_action', columnNames: ['action'] },
          { name: 'idx_audit_at', columnNames: ['at'] },
        ],
      }),
    );
    // One row: the tip of the chain. Appends lock it, so the chain cannot fork, and verify
    // compares it with the last entry, so removing the newest rows is detected too.
    await qr.createTable(
      new Table({
        name: 'audit_head',
        columns: [
          c.int('id', { isPrimary: true }),
          c.int('last_id', { default: 0 }),
          c.string('last_hash', 64),
          c.int('entries', { default: 0 }),
        ],
      }),
    );
    await qr.query(
      `INSERT INTO audit_head (id, last_id, last_hash, entries) VALUES (1, 0, '${'0'.repeat(64)}', 0)`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('audit_head');
    await qr.dropTable('audit_entries');
    await qr.dropTable('login_failures');
    await qr.dropTable('users');
  }
}
