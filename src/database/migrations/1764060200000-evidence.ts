import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './portable';

const CUSTODY_ACTIONS = ['uploaded', 'downloaded', 'verified', 'verification_failed', 'exported', 'deleted'];

export class Evidence1764060200000 implements MigrationInterface {
  name = 'Evidence1764060200000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'evidence',
        columns: [
          c.id(),
          c.uuid('case_id'),
          c.string('filename', 255),
          c.string('mime_type', 100),
          c.bigint('size'),
          c.string('sha256', 64),
          c.text('description', true),
          c.string('source', 500, true),
          c.date('obtained_at', true),
          c.uuid('uploaded_by'),
          c.timestamp('uploaded_at'),
          c.timestamp('deleted_at', true),
          c.uuid('deleted_by', true),
          c.string('deletion_reason', 2000, true),
        ],
        foreignKeys: [
          {
            columnNames: ['case_id'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['uploaded_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['deleted_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        checks: [
          { name: 'chk_evidence_size', expression: 'size >= 0' },
          { name: 'chk_evidence_sha256', expression: 'length(sha256) = 64' },
          {
            // A tombstone is complete or absent: when, who and why, together.
            name: 'chk_evidence_tombstone',
            expression:
              '(deleted_at IS NULL AND deleted_by IS NULL AND deletion_reason IS NULL) OR ' +
              '(deleted_at IS NOT NULL AND deleted_by IS NOT NULL AND deletion_reason IS NOT NULL)',
          },
        ],
        indices: [
          { name: 'idx_evidence_case', columnNames: ['case_id', 'uploaded_at'] },
          { name: 'idx_evidence_sha256', columnNames: ['sha256'] },
        ],
      }),
    );
    // The same content once per case (tombstones aside), held by the database.
    await qr.query(
      'CREATE UNIQUE INDEX uq_evidence_case_content ON evidence (case_id, sha256) WHERE deleted_at IS NULL',
    );

    await qr.createTable(
      new Table({
        name: 'evidence_custody',
        columns: [
          c.serial(),
          c.uuid('evidence_id'),
          c.string('action', 30),
          c.uuid('actor_id', true),
          c.timestamp('at'),
          c.string('request_id', 64, true),
          c.string('sha256', 64, true),
          c.string('note', 200, true),
        ],
        foreignKeys: [
          {
            columnNames: ['evidence_id'],
            referencedTableName: 'evidence',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['actor_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        checks: [
          {
            name: 'chk_evidence_custody_action',
            expression: `action IN (${CUSTODY_ACTIONS.map((a) => `'${a}'`).join(',')})`,
          },
        ],
        indices: [{ name: 'idx_evidence_custody_evidence', columnNames: ['evidence_id', 'id'] }],
      }),
    );

    // Append-only custody; evidence rows are never removed and only ever gain a tombstone.
    if (c.pg) {
      await qr.query(`CREATE FUNCTION evidence_custody_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'evidence_custody is append-only'; END $$`);
      await qr.query(`CREATE TRIGGER trg_evidence_custody_append_only BEFORE UPDATE OR DELETE ON evidence_custody
        FOR EACH ROW EXECUTE FUNCTION evidence_custody_append_only()`);
      await qr.query(`CREATE FUNCTION evidence_tombstone_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'evidence rows are never deleted'; END IF;
          IF OLD.deleted_at IS NOT NULL OR NEW.id <> OLD.id OR NEW.case_id <> OLD.case_id
             OR NEW.sha256 <> OLD.sha256 OR NEW.size <> OLD.size OR NEW.mime_type <> OLD.mime_type
             OR NEW.uploaded_by <> OLD.uploaded_by OR NEW.uploaded_at <> OLD.uploaded_at THEN
            RAISE EXCEPTION 'evidence content and provenance are immutable';
          END IF;
          RETURN NEW;
        END $$`);
      await qr.query(`CREATE TRIGGER trg_evidence_tombstone_only BEFORE UPDATE OR DELETE ON evidence
        FOR EACH ROW EXECUTE FUNCTION evidence_tombstone_only()`);
    } else {
      await qr.query(`CREATE TRIGGER trg_evidence_custody_no_update BEFORE UPDATE ON evidence_custody
        BEGIN SELECT RAISE(ABORT, 'evidence_custody is append-only'); END`);
      await qr.query(`CREATE TRIGGER trg_evidence_custody_no_delete BEFORE DELETE ON evidence_custody
        BEGIN SELECT RAISE(ABORT, 'evidence_custody is append-only'); END`);
      await qr.query(`CREATE TRIGGER trg_evidence_no_delete BEFORE DELETE ON evidence
        BEGIN SELECT RAISE(ABORT, 'evidence rows are never deleted'); END`);
      await qr.query(`CREATE TRIGGER trg_evidence_tombstone_only BEFORE UPDATE ON evidence
        WHEN OLD.deleted_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id
          OR NEW.sha256 IS NOT OLD.sha256 OR NEW.size IS NOT OLD.size OR NEW.mime_type IS NOT OLD.mime_type
          OR NEW.uploaded_by IS NOT OLD.uploaded_by OR NEW.uploaded_at IS NOT OLD.uploaded_at
        BEGIN SELECT RAISE(ABORT, 'evidence content and provenance are immutable'); END`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    if (pg) {
      await qr.query('DROP TRIGGER IF EXISTS trg_evidence_tombstone_only ON evidence');
      await qr.query('DROP TRIGGER IF EXISTS trg_evidence_custody_append_only ON evidence_custody');
      await qr.query('DROP FUNCTION IF EXISTS evidence_tombstone_only()');
      await qr.query('DROP FUNCTION IF EXISTS evidence_custody_append_only()');
    } else {
      for (const trigger of [
        'trg_evidence_tombstone_only',
        'trg_evidence_no_delete',
        'trg_evidence_custody_no_delete',
        'trg_evidence_custody_no_update',
      ]) {
        await qr.query(`DROP TRIGGER IF EXISTS ${trigger}`);
      }
    }
    await qr.dropTable('evidence_custody');
    await qr.query('DROP INDEX uq_evidence_case_content');
    await qr.dropTable('evidence');
  }
}
