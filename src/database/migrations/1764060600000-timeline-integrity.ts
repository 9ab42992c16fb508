import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline is append-only in the database too, not only in the service layer: an event is
 * never deleted, and the one change ever made to a stored event is setting its superseded_by,
 * once. Events an appeal wrote (appeal_lodged, hearing) now name the appeal, so that correcting
 * the appeal can correct its event. Earlier events are linked where the case has one appeal only.
 */
export class TimelineIntegrity1764060600000 implements MigrationInterface {
  name = 'TimelineIntegrity1764060600000';

  async up(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    await qr.query(`ALTER TABLE timeline_events ADD COLUMN appeal_id ${pg ? 'uuid' : 'varchar(36)'} NULL`);
    await qr.query(`UPDATE timeline_events SET appeal_id = (
        SELECT a.id FROM appeals a WHERE a.case_id = timeline_events.case_id)
      WHERE type IN ('appeal_lodged', 'hearing')
        AND (SELECT COUNT(*) FROM appeals a WHERE a.case_id = timeline_events.case_id) = 1`);
    await qr.query('CREATE INDEX idx_timeline_appeal ON timeline_events (appeal_id)');

    if (pg) {
      await qr.query(`CREATE FUNCTION timeline_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'timeline events are never deleted'; END IF;
          IF OLD.superseded_by IS NOT NULL OR NEW.superseded_by IS NULL
             OR (to_jsonb(NEW) - 'superseded_by') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_by') THEN
            RAISE EXCEPTION 'timeline events are append-only: only superseded_by may be set, once';
          END IF;
          RETURN NEW;
        END $$`);
      await qr.query(`CREATE TRIGGER trg_timeline_events_append_only BEFORE UPDATE OR DELETE ON timeline_events
        FOR EACH ROW EXECUTE FUNCTION timeline_events_append_only()`);
    } else {
      await qr.query(`CREATE TRIGGER trg_timeline_events_no_delete BEFORE DELETE ON timeline_events
        BEGIN SELECT RAISE(ABORT, 'timeline events are never deleted'); END`);
      await qr.query(`CREATE TRIGGER trg_timeline_events_supersede_only BEFORE UPDATE ON timeline_events
        WHEN OLD.superseded_by IS NOT NULL OR NEW.superseded_by IS NULL
          OR NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.type IS NOT OLD.type
          OR NEW.occurred_at IS NOT OLD.occurred_at OR NEW.precision IS NOT OLD.precision
          OR NEW.title IS NOT OLD.title OR NEW.description IS NOT OLD.description
          OR NEW.source IS NOT OLD.source OR NEW.evidence_ids IS NOT OLD.evidence_ids
          OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.recorded_by IS NOT OLD.recorded_by
          OR NEW.supersedes IS NOT OLD.supersedes OR NEW.appeal_id IS NOT OLD.appeal_id
        BEGIN SELECT RAISE(ABORT, 'timeline events are append-only: only superseded_by may be set, once'); END`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    if (qr.connection.options.type === 'postgres') {
      await qr.query('DROP TRIGGER IF EXISTS trg_timeline_events_append_only ON timeline_events');
      await qr.query('DROP FUNCTION IF EXISTS timeline_events_append_only()');
    } else {
      await qr.query('DROP TRIGGER IF EXISTS trg_timeline_events_supersede_only');
      await qr.query('DROP TRIGGER IF EXISTS trg_timeline_events_no_delete');
    }
    await qr.query('DROP INDEX idx_timeline_appeal');
    await qr.query('ALTER TABLE timeline_events DROP COLUMN appeal_id');
  }
}
