import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './portable';

export class Reminders1764060300000 implements MigrationInterface {
  name = 'Reminders1764060300000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const fk = (column: string, table: string) => ({
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ['id'],
      onDelete: 'RESTRICT',
    });

    await qr.createTable(
      new Table({
        name: 'reminders',
        columns: [
          c.id(),
          c.uuid('case_id'),
          c.string('kind', 20),
          c.text('message'),
          c.text('channels'),
          c.text('recipient_ids'),
          c.timestamp('due_at'),
          c.string('status', 20),
          c.int('attempts', { default: 0 }),
          c.string('last_error', 1000, true),
          c.timestamp('sent_at', true),
          c.timestamp('cancelled_at', true),
          c.string('cancel_reason', 40, true),
          c.string('auto_key', 120, true),
          c.uuid('created_by', true),
          c.int('version', { default: 1 }),
          c.timestamp('created_at', false, true),
          c.timestamp('updated_at', false, true),
        ],
        foreignKeys: [fk('case_id', 'cases'), fk('created_by', 'users')],
        checks: [
          {
            name: 'chk_reminders_kind',
            expression: "kind IN ('appeal_deadline','hearing','follow_up','custom')",
          },
          {
            name: 'chk_reminders_status',
            expression: "status IN ('scheduled','sent','failed','cancelled')",
          },
        ],
      }),
    );
    for (const index of [
      // The reconciler's scan: scheduled reminders by due time.
      new TableIndex({ name: 'idx_reminders_status_due', columnNames: ['status', 'due_at'] }),
      new TableIndex({ name: 'idx_reminders_case', columnNames: ['case_id', 'status'] }),
      new TableIndex({ name: 'idx_reminders_due', columnNames: ['due_at'] }),
    ]) {
      await qr.createIndex('reminders', index);
    }
    // One scheduled automatic reminder per case and purpose (partial index: SQLite and PostgreSQL).
    await qr.query(
      `CREATE UNIQUE INDEX uq_reminders_auto_scheduled ON reminders (case_id, auto_key) WHERE status = 'scheduled' AND auto_key IS NOT NULL`,
    );

    // One row per (reminder, channel, recipient), written before the side effect: the unique
    // key is what keeps a job that runs twice from notifying anyone twice.
    await qr.createTable(
      new Table({
        name: 'reminder_deliveries',
        columns: [
          c.id(),
          c.uuid('reminder_id'),
          c.string('channel', 10),
          c.string('recipient', 64),
          c.string('status', 10),
          c.int('attempts', { default: 0 }),
          c.string('last_error', 1000, true),
          c.timestamp('claimed_until', true),
          c.timestamp('created_at', false, true),
          c.timestamp('delivered_at', true),
        ],
        foreignKeys: [fk('reminder_id', 'reminders')],
        checks: [
          { name: 'chk_deliveries_channel', expression: "channel IN ('inapp','email','webhook')" },
          { name: 'chk_deliveries_status', expression: "status IN ('pending','done','skipped')" },
        ],
      }),
    );
    await qr.createIndex(
      'reminder_deliveries',
      new TableIndex({
        name: 'uq_deliveries_key',
        columnNames: ['reminder_id', 'channel', 'recipient'],
        isUnique: true,
      }),
    );

    await qr.createTable(
      new Table({
        name: 'notifications',
        columns: [
          c.id(),
          c.uuid('user_id'),
          c.uuid('reminder_id', true),
          c.uuid('case_id', true),
          c.string('case_reference', 20, true),
          c.string('kind', 20),
          c.text('message'),
          c.timestamp('created_at', false, true),
          c.timestamp('read_at', true),
        ],
        foreignKeys: [fk('user_id', 'users'), fk('reminder_id', 'reminders'), fk('case_id', 'cases')],
        indices: [{ name: 'idx_notifications_user', columnNames: ['user_id', 'read_at', 'created_at'] }],
      }),
    );
    // An in-app notification per reminder and user at most once, held by the database too.
    await qr.createIndex(
      'notifications',
      new TableIndex({
        name: 'uq_notifications_reminder_user',
        columnNames: ['reminder_id', 'user_id'],
        isUnique: true,
      }),
    );

    await qr.createTable(
      new Table({
        name: 'calendar_tokens',
        columns: [
          { ...c.uuid('user_id'), isPrimary: true },
          c.string('token_hash', 64),
          c.timestamp('created_at', false, true),
        ],
        foreignKeys: [{ ...fk('user_id', 'users'), onDelete: 'CASCADE' }],
        indices: [{ name: 'uq_calendar_tokens_hash', columnNames: ['token_hash'], isUnique: true }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('calendar_tokens');
    await qr.dropTable('notifications');
    await qr.dropTable('reminder_deliveries');
    await qr.query('DROP INDEX uq_reminders_auto_scheduled');
    await qr.dropTable('reminders');
  }
}
