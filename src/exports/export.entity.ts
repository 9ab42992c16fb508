import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { newId } from '../database/new-id';
import type { ExportFormat } from './export-format';
import type { ExportFilters } from './export-query';

export enum ExportStatus {
  Queued = 'queued',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

/**
 * A background export and its manifest. The database is the source of truth: a queued export
 * whose job never reached Redis is enqueued again by the reconcile loop.
 */
@Entity('exports')
export class ExportJobRecord {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 10 })
  status: ExportStatus;

  @Column({ type: 'varchar', length: 20 })
  format: ExportFormat;

  @Column({ type: 'simple-json' })
  filters: ExportFilters;

  @Column({ type: 'boolean' })
  pseudonymised: boolean;

  /** Only the requester's role decides consent filtering; kept so a re-run gives the same scope. */
  @Column({ name: 'consenting_members_only', type: 'boolean' })
  consentingMembersOnly: boolean;

  @Column({ type: 'boolean', default: false })
  bom: boolean;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  /** Rows written so far. */
  @Column({ type: 'integer', default: 0 })
  progress: number;

  @Column({ name: 'row_count', type: 'integer', nullable: true })
  rowCount: number | null;

  @Column({
    type: 'bigint',
    nullable: true,
    transformer: {
      to: (v: number | null) => v,
      from: (v: string | number | null) => (v === null ? null : Number(v)),
    },
  })
  bytes: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  /** The file's name inside EXPORT_DIR, chosen by the server. */
  @Column({ name: 'file_name', type: 'varchar', length: 100, nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @Column({ name: 'started_at', nullable: true, type: Date })
  startedAt: Date | null;

  @Column({ name: 'completed_at', nullable: true, type: Date })
  completedAt: Date | null;

  /** When the retention job removed the file; the manifest stays. */
  @Column({ name: 'file_deleted_at', nullable: true, type: Date })
  fileDeletedAt: Date | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
