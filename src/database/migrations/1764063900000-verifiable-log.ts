import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { appendToLog } from '../../log/log-append';
import { allRecordsInRecordedOrder, readLogEntries } from '../../log/log-sources';
import { LogEntry } from '../../log/log-records';
import { columns } from './portable';

const APPEND_ONLY = ['log_leaves', 'log_nodes', 'log_checkpoints'];
const BACKFILL_CHUNK = 500;

/**
 * The verifiable record (docs/verifiable-record.md): the log's leaves, their salts, the hash of
 * every complete subtree, the head (size and right edge, the appenders' lock row) and the signed
 * checkpoints. Leaves, nodes and checkpoints are append-only in the database; the head only
 * grows. Every audit entry, timeline event and custody entry already stored becomes a leaf, in
 * the order they were recorded.
 */
export class VerifiableLog1764063900000 implements MigrationInterface {
  name = 'VerifiableLog1764063900000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'log_leaves',
        columns: [
          c.int('leaf_index', { isPrimary: true }),
          c.string('kind', 16),
          c.string('record_id', 64),
          c.text('data'),
          c.timestamp('appended_at', false, true),
        ],
        indices: [{ name: 'uq_log_leaves_record', columnNames: ['kind', 'record_id'], isUnique: true }],
        checks: [{ name: 'chk_log_leaves_kind', expression: "kind IN ('audit','timeline','custody')" }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'log_salts',
        columns: [c.int('leaf_index', { isPrimary: true }), c.text('salts')],
        foreignKeys: [
          {
            name: 'fk_log_salts_leaf',
            columnNames: ['leaf_index'],
            referencedTableName: 'log_leaves',
            referencedColumnNames: ['leaf_index'],
          },
        ],
      }),
    );
    if (c.pg) {
      await qr.createTable(
        new Table({
          name: 'log_nodes',
          columns: [
            c.int('level', { isPrimary: true }),
            c.int('idx', { isPrimary: true }),
            c.string('hash', 64),
          ],
        }),
      );
    } else {
      // Clustered on its key: a node is one B-tree search away (a proof reads ~2 log2(n) of them),
      // and an append writes one B-tree, not a table and its key's index.
      await qr.query(`CREATE TABLE log_nodes (
        level integer NOT NULL, idx integer NOT NULL, hash varchar(64) NOT NULL,
        PRIMARY KEY (level, idx)) WITHOUT ROWID`);
    }
    await qr.createTable(
      new Table({
        name: 'log_head',
        columns: [c.int('id', { isPrimary: true }), c.int('tree_size'), c.text('frontier')],
        checks: [{ name: 'chk_log_head_one_row', expression: 'id = 1' }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'log_checkpoints',
        columns: [
          c.serial(),
          c.int('tree_size'),
          c.string('root_hash', 64),
          c.text('note'),
          c.timestamp('created_at'),
        ],
        indices: [{ name: 'idx_log_checkpoints_size', columnNames: ['tree_size'] }],
      }),
    );
    await qr.query(`INSERT INTO log_head (id, tree_size, frontier) VALUES (1, 0, '[]')`);

    if (c.pg) {
      await qr.query(`CREATE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);
      for (const table of APPEND_ONLY) {
        await qr.query(`CREATE TRIGGER trg_${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION log_append_only()`);
      }
      await qr.query(`CREATE FUNCTION log_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' OR NEW.tree_size < OLD.tree_size THEN
            RAISE EXCEPTION 'the log only grows';
          END IF;
          RETURN NEW;
        END $$`);
      await qr.query(`CREATE TRIGGER trg_log_head_forward_only BEFORE UPDATE OR DELETE ON log_head
        FOR EACH ROW EXECUTE FUNCTION log_head_forward_only()`);
    } else {
      for (const table of APPEND_ONLY) {
        await qr.query(`CREATE TRIGGER trg_${table}_no_update BEFORE UPDATE ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`);
        await qr.query(`CREATE TRIGGER trg_${table}_no_delete BEFORE DELETE ON ${table}
          BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`);
      }
      await qr.query(`CREATE TRIGGER trg_log_head_no_delete BEFORE DELETE ON log_head
        BEGIN SELECT RAISE(ABORT, 'the log only grows'); END`);
      await qr.query(`CREATE TRIGGER trg_log_head_forward_only BEFORE UPDATE ON log_head
        WHEN NEW.tree_size < OLD.tree_size
        BEGIN SELECT RAISE(ABORT, 'the log only grows'); END`);
    }

    // The records already kept, oldest first.
    const refs = await allRecordsInRecordedOrder(qr.manager);
    for (let i = 0; i < refs.length; i += BACKFILL_CHUNK) {
      const chunk = refs.slice(i, i + BACKFILL_CHUNK);
      const byKind = new Map<string, Map<string, LogEntry>>();
      for (const kind of ['audit', 'timeline', 'custody'] as const) {
        const ids = chunk.filter((r) => r.kind === kind).map((r) => r.recordId);
        byKind.set(kind, await readLogEntries(qr.manager, kind, ids));
      }
      await appendToLog(
        qr.manager,
        chunk.map((r) => byKind.get(r.kind)!.get(r.recordId)!),
      );
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') {
      for (const table of APPEND_ONLY)
        await qr.query(`DROP TRIGGER IF EXISTS trg_${table}_append_only ON ${table}`);
      await qr.query('DROP TRIGGER IF EXISTS trg_log_head_forward_only ON log_head');
      await qr.query('DROP FUNCTION IF EXISTS log_append_only()');
      await qr.query('DROP FUNCTION IF EXISTS log_head_forward_only()');
    } else {
      for (const table of APPEND_ONLY) {
        await qr.query(`DROP TRIGGER IF EXISTS trg_${table}_no_update`);
        await qr.query(`DROP TRIGGER IF EXISTS trg_${table}_no_delete`);
      }
      await qr.query('DROP TRIGGER IF EXISTS trg_log_head_no_delete');
      await qr.query('DROP TRIGGER IF EXISTS trg_log_head_forward_only');
    }
    for (const table of ['log_checkpoints', 'log_head', 'log_nodes', 'log_salts', 'log_leaves'])
      await qr.dropTable(table);
  }
}
