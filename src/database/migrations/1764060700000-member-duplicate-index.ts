import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake looks for possible duplicates of a member by normalised name in the same constituency
 * party, compared case-insensitively (LOWER(constituency_party)). The index on
 * (normalised_name, constituency_party) could not serve that comparison, so the database chose the
 * party's index and read every member of the party. This index serves it exactly, and, starting
 * with normalised_name, still serves the member list's order by name.
 */
export class MemberDuplicateIndex1764060700000 implements MigrationInterface {
  name = 'MemberDuplicateIndex1764060700000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(
      'CREATE INDEX idx_members_name_party ON members (normalised_name, LOWER(constituency_party))',
    );
    await qr.query('DROP INDEX idx_members_normalised_name');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query(
      'CREATE INDEX idx_members_normalised_name ON members (normalised_name, constituency_party)',
    );
    await qr.query('DROP INDEX idx_members_name_party');
  }
}
