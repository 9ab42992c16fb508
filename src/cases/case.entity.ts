import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { newId } from '../database/new-id';
import { Member } from '../members/member.entity';
import { ActionType, CaseStatus, Priority } from './case-status';

/** One disciplinary action against one member, and the campaign to reverse it. */
@Entity('cases')
export class Case {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** CL-YYYY-NNNN, sequential per year of intake, never reused. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column({ name: 'action_type', type: 'varchar', length: 40 })
  actionType: ActionType;

  /** YYYY-MM-DD */
  @Column({ name: 'action_date', type: 'date' })
  actionDate: string;

  /** YYYY-MM-DD */
  @Column({ name: 'notified_at', type: 'date' })
  notifiedAt: string;

  /** notifiedAt + APPEAL_WINDOW_DAYS, stored so lists can filter and sort on it. */
  @Column({ name: 'appeal_deadline', type: 'date' })
  appealDeadline: string;

  @Column({ name: 'issuing_body', type: 'varchar', length: 200, nullable: true })
  issuingBody: string | null;

  @Column({ name: 'external_reference', type: 'varchar', length: 200, nullable: true })
  externalReference: string | null;

  @Column({ type: 'simple-json' })
  allegations: string[];

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'varchar', length: 10 })
  priority: Priority;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'coordinator_id', type: 'uuid', nullable: true })
  coordinatorId: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ type: 'varchar', length: 30 })
  status: CaseStatus;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}

/** The last number issued per year, bumped inside the intake transaction. */
@Entity('case_reference_counters')
export class CaseReferenceCounter {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber: number;
}
