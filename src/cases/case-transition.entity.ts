import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../database/new-id';
import { CaseStatus } from './case-status';

/** One step of the workflow, kept forever. */
@Entity('case_transitions')
export class CaseTransition {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'from_status', type: 'varchar', length: 30 })
  from: CaseStatus;

  @Column({ name: 'to_status', type: 'varchar', length: 30 })
  to: CaseStatus;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  /** When it happened in the world (e.g. the decision date). */
  @Column({ name: 'occurred_at' })
  occurredAt: Date;

  /** When Caseline recorded it. */
  @CreateDateColumn({ name: 'recorded_at' })
  recordedAt: Date;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
