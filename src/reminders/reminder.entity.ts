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
import { Channel, ReminderKind, ReminderStatus } from './reminder-kinds';

/** A reminder of a case. The database is the source of truth; Redis only holds its schedule. */
@Entity('reminders')
export class Reminder {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ReminderKind;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'simple-json' })
  channels: Channel[];

  @Column({ name: 'recipient_ids', type: 'simple-json' })
  recipientIds: string[];

  @Column({ name: 'due_at' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 20 })
  status: ReminderStatus;

  /** Failed delivery runs so far. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', nullable: true, type: Date })
  sentAt: Date | null;

  @Column({ name: 'cancelled_at', nullable: true, type: Date })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 40, nullable: true })
  cancelReason: string | null;

  /** Set on automatic reminders (what they are about, e.g. appeal_deadline:10080); null on manual ones. */
  @Column({ name: 'auto_key', type: 'varchar', length: 120, nullable: true })
  autoKey: string | null;

  /** Null for reminders Caseline created by itself. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

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

/** What decides a new reminder; the rest of it is that of one scheduled and not yet sent. */
export type NewReminder = Pick<
  Reminder,
  'caseId' | 'kind' | 'message' | 'channels' | 'recipientIds' | 'dueAt' | 'autoKey' | 'createdBy'
>;

/** A new scheduled reminder, complete (id, version, timestamps): nothing is read back after its INSERT. */
export function scheduledReminder(fields: NewReminder, now = new Date()): Reminder {
  return Object.assign(new Reminder(), {
    ...fields,
    id: newId(),
    status: ReminderStatus.Scheduled,
    attempts: 0,
    lastError: null,
    sentAt: null,
    cancelledAt: null,
    cancelReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}
