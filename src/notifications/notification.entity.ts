import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../database/new-id';
import { ReminderKind } from '../reminders/reminder-kinds';

/** An in-app notification for one user, written by the reminder delivery. */
@Entity('notifications')
export class Notification {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'reminder_id', type: 'uuid', nullable: true })
  reminderId: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ name: 'case_reference', type: 'varchar', length: 20, nullable: true })
  caseReference: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind: ReminderKind;

  @Column({ type: 'text' })
  message: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'read_at', nullable: true, type: Date })
  readAt: Date | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
