import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One feed token per user, stored as its SHA-256: the token itself is shown once. */
@Entity('calendar_tokens')
export class CalendarToken {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
