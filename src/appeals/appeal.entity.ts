import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { newId } from '../database/new-id';

export enum AppealOutcome {
  Pending = 'pending',
  Allowed = 'allowed',
  Dismissed = 'dismissed',
  Withdrawn = 'withdrawn',
}

/** An appeal against the action of a case. At most one is pending per case (partial unique index). */
@Entity('appeals')
export class Appeal {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** YYYY-MM-DD */
  @Column({ name: 'lodged_at', type: 'date' })
  lodgedAt: string;

  /** Who hears it. */
  @Column({ type: 'varchar', length: 200 })
  body: string;

  @Column({ type: 'text', nullable: true })
  grounds: string | null;

  @Column({ name: 'hearing_at', nullable: true, type: Date })
  hearingAt: Date | null;

  @Column({ type: 'varchar', length: 20 })
  outcome: AppealOutcome;

  /** YYYY-MM-DD */
  @Column({ name: 'decided_at', type: 'date', nullable: true })
  decidedAt: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

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
