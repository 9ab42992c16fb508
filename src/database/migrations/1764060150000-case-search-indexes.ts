import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the case list's member filters (compared case-insensitively) and for the common
 * "open cases by deadline" list. Expression indexes: the same SQL on SQLite and PostgreSQL.
 */
export class CaseSearchIndexes1764060150000 implements MigrationInterface {
  name = 'CaseSearchIndexes1764060150000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query('CREATE INDEX idx_members_region_lower ON members (LOWER(region))');
    await qr.query('CREATE INDEX idx_members_party_lower ON members (LOWER(constituency_party))');
    await qr.query('CREATE INDEX idx_cases_status_deadline ON cases (status, appeal_deadline)');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('DROP INDEX idx_cases_status_deadline');
    await qr.query('DROP INDEX idx_members_party_lower');
    await qr.query('DROP INDEX idx_members_region_lower');
  }
}
