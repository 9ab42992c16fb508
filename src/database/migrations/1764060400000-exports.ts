import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './portable';

export class Exports1764060400000 implements MigrationInterface {
  name = 'Exports1764060400000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'exports',
        columns: [
          c.id(),
          c.string('status', 10),
          c.string('format', 20),
          c.text('filters'),
          c.bool('pseudonymised', true),
          c.bool('consenting_members_only', true),
          c.bool('bom', false),
          c.uuid('requested_by'),
          c.int('progress', { default: 0 }),
          { ...c.int('row_count'), isNullable: true },
          { ...c.bigint('bytes'), isNullable: true },
          c.string('sha256', 64, true),
          c.string('file_name', 100, true),
          c.string('error', 500, true),
          c.timestamp('created_at', false, true),
          c.timestamp('updated_at', false, true),
          c.timestamp('started_at', true),
          c.timestamp('completed_at', true),
          c.timestamp('file_deleted_at', true),
        ],
        foreignKeys: [
          {
            columnNames: ['requested_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        checks: [
          { name: 'chk_exports_status', expression: "status IN ('queued','running','done','failed')" },
          { name: 'chk_exports_format', expression: "format IN ('csv','json','ndjson','timelinejs')" },
        ],
        indices: [
          { name: 'idx_exports_requested_by', columnNames: ['requested_by', 'created_at'] },
          { name: 'idx_exports_status', columnNames: ['status'] },
          { name: 'idx_exports_completed_at', columnNames: ['completed_at'] },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('exports');
  }
}
