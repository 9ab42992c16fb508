import {
  BeforeInsert,
  Column,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  ValueTransformer,
} from 'typeorm';
import { newId } from '../database/new-id';

/** PostgreSQL returns bigint as a string; sizes fit a JS number (< 2^53). */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * A file attached to a case. The content lives in evidence storage under its SHA-256; this row
 * is never removed: deletion leaves it as a tombstone (deletedAt, deletedBy, deletionReason).
 */
@Entity('evidence')
export class Evidence {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** As given by the uploader, cleaned for display (never used as a storage path). */
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** Sniffed from the content, never taken from the client. */
  @Column({ name: 'mime_type', type: 'varchar', length: 100 })
  mimeType: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  source: string | null;

  /** YYYY-MM-DD */
  @Column({ name: 'obtained_at', type: 'date', nullable: true })
  obtainedAt: string | null;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'uploaded_at' })
  uploadedAt: Date;

  @Column({ name: 'deleted_at', nullable: true, type: Date })
  deletedAt: Date | null;

  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy: string | null;

  @Column({ name: 'deletion_reason', type: 'varchar', length: 2000, nullable: true })
  deletionReason: string | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}

export enum CustodyAction {
  Uploaded = 'uploaded',
  Downloaded = 'downloaded',
  Verified = 'verified',
  VerificationFailed = 'verification_failed',
  Exported = 'exported',
  Deleted = 'deleted',
}

/** One link in an evidence item's chain of custody. Append-only (enforced by database triggers). */
@Entity('evidence_custody')
export class EvidenceCustody {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'evidence_id', type: 'uuid' })
  evidenceId: string;

  @Column({ type: 'varchar', length: 30 })
  action: CustodyAction;

  /** Null for the nightly verification job. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column()
  at: Date;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** The content's hash at that moment: recomputed for verifications, null when the file was missing. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  /** Small non-personal facts (e.g. the byte range downloaded). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}
