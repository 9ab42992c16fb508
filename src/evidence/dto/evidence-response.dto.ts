import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CustodyAction, Evidence, EvidenceCustody } from '../evidence.entity';

/** A file attached to a case; after deletion, its tombstone (deletedAt, deletedBy, deletionReason). */
export class EvidenceResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ description: 'As given by the uploader, cleaned for display' })
  filename: string;

  @ApiProperty({ example: 'application/pdf', description: 'Sniffed from the content' })
  mimeType: string;

  @ApiProperty({ type: 'integer', description: 'Bytes' })
  size: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, hex' })
  sha256: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true })
  source: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  obtainedAt: string | null;

  @ApiProperty({ format: 'uuid' })
  uploadedBy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  uploadedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deletedAt: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  deletedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  deletionReason: string | null;
}

export function toEvidenceView(e: Evidence): EvidenceResponseDto {
  return {
    id: e.id,
    caseId: e.caseId,
    filename: e.filename,
    mimeType: e.mimeType,
    size: e.size,
    sha256: e.sha256,
    description: e.description,
    source: e.source,
    obtainedAt: e.obtainedAt,
    uploadedBy: e.uploadedBy,
    uploadedAt: e.uploadedAt,
    deletedAt: e.deletedAt,
    deletedBy: e.deletedBy,
    deletionReason: e.deletionReason,
  };
}

/** One link in the chain of custody. */
export class CustodyEntryDto {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ format: 'uuid' })
  evidenceId: string;

  @ApiProperty({ enum: CustodyAction, enumName: 'CustodyAction' })
  action: CustodyAction;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null for the nightly verification',
  })
  actorId: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The content’s hash at that moment; null when the file was missing',
  })
  sha256: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'e.g. the byte range downloaded' })
  note: string | null;
}

export function toCustodyView(c: EvidenceCustody): CustodyEntryDto {
  const { id, evidenceId, action, actorId, at, requestId, sha256, note } = c;
  return { id, evidenceId, action, actorId, at, requestId, sha256, note };
}

export class VerificationResultDto {
  @ApiProperty({ description: 'true when the stored content still has its SHA-256' })
  ok: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The hash computed now; null when the file is missing',
  })
  sha256: string | null;

  @ApiProperty()
  expectedSha256: string;

  @ApiProperty({ type: String, format: 'date-time' })
  checkedAt: Date;

  @ApiPropertyOptional({ enum: ['mismatch', 'missing'], description: 'Only when ok is false' })
  reason?: 'mismatch' | 'missing';
}
