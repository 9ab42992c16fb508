import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './portable';

export class CaseCore1764060100000 implements MigrationInterface {
  name = 'CaseCore1764060100000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'members',
        columns: [
          c.id(),
          c.string('full_name', 200),
          c.string('normalised_name', 200),
          c.string('membership_number', 50, true),
          c.string('email', 254, true),
          c.string('phone', 50, true),
          c.string('constituency_party', 200, true),
          c.string('region', 100, true),
          c.bool('consent_to_contact', false),
          c.bool('consent_to_research', false),
          c.int('version', { default: 1 }),
          c.timestamp('created_at', false, true),
          c.timestamp('updated_at', false, true),
        ],
        indices: [
          // Unique when present: both databases allow several NULLs under a unique index.
          { name: 'uq_members_membership_number', columnNames: ['membership_number'], isUnique: true },
          { name: 'idx_members_normalised_name', columnNames: ['normalised_name', 'constituency_party'] },
          { name: 'idx_members_email', columnNames: ['email'] },
          { name: 'idx_members_phone', columnNames: ['phone'] },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'case_reference_counters',
        columns: [c.int('year', { isPrimary: true }), c.int('last_number')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'cases',
        columns: [
          c.id(),
          c.string('reference', 20),
          c.uuid('member_id'),
          c.string('action_type', 40),
          c.date('action_date'),
          c.date('notified_at'),
          c.date('appeal_deadline'),
          c.string('issuing_body', 200, true),
          c.string('external_reference', 200, true),
          c.text('allegations'),
          c.text('summary', true),
          c.string('priority', 10),
          c.text('tags'),
          c.uuid('assignee_id', true),
          c.uuid('coordinator_id', true),
          c.uuid('created_by'),
          c.string('status', 30),
          c.int('version', { default: 1 }),
          c.timestamp('created_at', false, true),
          c.timestamp('updated_at', false, true),
        ],
        foreignKeys: [
          {
            columnNames: ['member_id'],
            referencedTableName: 'members',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['assignee_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['coordinator_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        checks: [
          {
            name: 'chk_cases_status',
            expression:
              "status IN ('intake','gathering_evidence','appeal_lodged','hearing_scheduled','awaiting_decision','upheld','escalated','closed','reinstated')",
          },
          {
            name: 'chk_cases_action_type',
            expression:
              "action_type IN ('administrative_suspension','suspension','auto_exclusion','expulsion')",
          },
          { name: 'chk_cases_priority', expression: "priority IN ('low','normal','high','urgent')" },
        ],
      }),
    );
    for (const index of [
      new TableIndex({ name: 'uq_cases_reference', columnNames: ['reference'], isUnique: true }),
      new TableIndex({ name: 'idx_cases_member', columnNames: ['member_id'] }),
      new TableIndex({ name: 'idx_cases_status', columnNames: ['status', 'updated_at'] }),
      new TableIndex({ name: 'idx_cases_action_type', columnNames: ['action_type'] }),
      new TableIndex({ name: 'idx_cases_assignee', columnNames: ['assignee_id'] }),
      new TableIndex({ name: 'idx_cases_coordinator', columnNames: ['coordinator_id'] }),
      new TableIndex({ name: 'idx_cases_appeal_deadline', columnNames: ['appeal_deadline'] }),
      new TableIndex({ name: 'idx_cases_action_date', columnNames: ['action_date'] }),
      new TableIndex({ name: 'idx_cases_updated_at', columnNames: ['updated_at'] }),
      new TableIndex({ name: 'idx_cases_issuing_body', columnNames: ['issuing_body'] }),
    ]) {
      await qr.createIndex('cases', index);
    }

    await qr.createTable(
      new Table({
        name: 'case_transitions',
        columns: [
          c.id(),
          c.uuid('case_id'),
          c.string('from_status', 30),
          c.string('to_status', 30),
          c.uuid('actor_id'),
          c.timestamp('occurred_at'),
          c.timestamp('recorded_at', false, true),
          c.string('reason', 2000, true),
          c.string('note', 2000, true),
        ],
        foreignKeys: [
          {
            columnNames: ['case_id'],
            referencedTableName: 'cases',
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
        indices: [{ name: 'idx_case_transitions_case', columnNames: ['case_id', 'recorded_at'] }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'appeals',
        columns: [
          c.id(),
          c.uuid('case_id'),
          c.date('lodged_at'),
          c.string('body', 200),
          c.text('grounds', true),
          c.timestamp('hearing_at', true),
          c.string('outcome', 20),
          c.date('decided_at', true),
          c.uuid('created_by'),
          c.int('version', { default: 1 }),
          c.timestamp('created_at', false, true),
          c.timestamp('updated_at', false, true),
        ],
        foreignKeys: [
          {
            columnNames: ['case_id'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        checks: [
          {
            name: 'chk_appeals_outcome',
            expression: "outcome IN ('pending','allowed','dismissed','withdrawn')",
          },
        ],
        indices: [{ name: 'idx_appeals_case', columnNames: ['case_id'] }],
      }),
    );
    // At most one pending appeal per case, held by the database (partial index: SQLite and PostgreSQL).
    await qr.query(
      `CREATE UNIQUE INDEX uq_appeals_one_pending ON appeals (case_id) WHERE outcome = 'pending'`,
    );

    await qr.createTable(
      new Table({
        name: 'timeline_events',
        columns: [
          c.id(),
          c.uuid('case_id'),
          c.string('type', 30),
          c.timestamp('occurred_at'),
          c.string('precision', 10),
          c.string('title', 300),
          c.text('description', true),
          c.string('source', 500, true),
          c.text('evidence_ids'),
          c.timestamp('recorded_at'),
          c.uuid('recorded_by'),
          c.uuid('supersedes', true),
          c.uuid('superseded_by', true),
        ],
        foreignKeys: [
          {
            columnNames: ['case_id'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
          {
            columnNames: ['recorded_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        checks: [
          {
            name: 'chk_timeline_type',
            expression:
              "type IN ('action_taken','notified','status_changed','appeal_lodged','hearing','decision','evidence_added','correspondence','meeting','media','note')",
          },
          { name: 'chk_timeline_precision', expression: "precision IN ('exact','day','month','year')" },
        ],
        indices: [
          { name: 'idx_timeline_case_occurred', columnNames: ['case_id', 'occurred_at', 'recorded_at'] },
          { name: 'idx_timeline_occurred', columnNames: ['occurred_at', 'id'] },
          // A event is superseded at most once.
          { name: 'uq_timeline_supersedes', columnNames: ['supersedes'], isUnique: true },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('timeline_events');
    await qr.query('DROP INDEX uq_appeals_one_pending');
    await qr.dropTable('appeals');
    await qr.dropTable('case_transitions');
    await qr.dropTable('cases');
    await qr.dropTable('case_reference_counters');
    await qr.dropTable('members');
  }
}
