import { BeforeInsert, Column, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../database/new-id';

export enum TimelineEventType {
  ActionTaken = 'action_taken',
  Notified = 'notified',
  StatusChanged = 'status_changed',
  AppealLodged = 'appeal_lodged',
  Hearing = 'hearing',
  Decision = 'decision',
  EvidenceAdded = 'evidence_added',
  Correspondence = 'correspondence',
  Meeting = 'meeting',
  Media = 'media',
  Note = 'note',
}

export enum DatePrecision {
  Exact = 'exact',
  Day = 'day',
  Month = 'month',
  Year = 'year',
}

/**
 * The inquiry's backbone. Append-only: a correction is a new event that supersedes the old
 * one; the only change ever made to a stored event is setting its supersededBy.
 */
@Entity('timeline_events')
export class TimelineEvent {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 30 })
  type: TimelineEventType;

  /** The start of the period the precision names (e.g. the 1st of the month for month precision). */
  @Column({ name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 10 })
  precision: DatePrecision;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  source: string | null;

  @Column({ name: 'evidence_ids', type: 'simple-json' })
  evidenceIds: string[];

  @Column({ name: 'recorded_at' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ type: 'uuid', nullable: true })
  supersedes: string | null;

  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy: string | null;

  /** The appeal whose lodging or hearing this event records (so correcting the appeal corrects it). */
  @Column({ name: 'appeal_id', type: 'uuid', nullable: true })
  appealId: string | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
