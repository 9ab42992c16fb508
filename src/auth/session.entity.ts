import { BeforeInsert, Column, Entity, PrimaryColumn } from 'typeorm';
import { newId } from '../database/new-id';
import type { SessionEnd } from './session-rules';

/**
 * A browser session. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database signs nobody in. Ended sessions are kept (ended_at, end_reason) so a later request
 * with their cookie is refused, not mistaken for an unknown one.
 */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: Date })
  lastSeenAt: Date;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 20, nullable: true })
  endReason: SessionEnd | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
