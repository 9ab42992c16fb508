import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../database/new-id';
import { Channel } from './reminder-kinds';

export enum DeliveryStatus {
  /** Recorded, side effect not yet confirmed. */
  Pending = 'pending',
  Done = 'done',
  /** Nothing to do (e.g. the recipient was deactivated). */
  Skipped = 'skipped',
}

/**
 * One (reminder, channel, recipient) delivery, unique in the database and written before the
 * side effect: its id is the webhook's Idempotency-Key and the claim that keeps two runs of the
 * same job from sending twice.
 */
@Entity('reminder_deliveries')
export class ReminderDelivery {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'reminder_id', type: 'uuid' })
  reminderId: string;

  @Column({ type: 'varchar', length: 10 })
  channel: Channel;

  /** A user id; '*' for the webhook, which is posted once per reminder. */
  @Column({ type: 'varchar', length: 64 })
  recipient: string;

  @Column({ type: 'varchar', length: 10 })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  /** While a run is sending, others keep off until this time. */
  @Column({ name: 'claimed_until', nullable: true, type: Date })
  claimedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'delivered_at', nullable: true, type: Date })
  deliveredAt: Date | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
