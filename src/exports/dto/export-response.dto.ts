import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  PickType,
} from '@nestjs/swagger';
import { ActionType, CaseStatus } from '../../cases/case-status';
import { TimelineEventResponseDto } from '../../timeline/dto/timeline-event-response.dto';
import { EXPORT_FORMATS, ExportFormat, ExportManifestHead } from '../export-format';
import type { ExportFilters } from '../export-query';
import { ExportJobRecord, ExportStatus } from '../export.entity';
import { RowProof, VERIFIABLE_EXPORT, VerifiableHead } from '../export-proofs';

/** The filters an export was made with, as given (keys not given are absent). */
export class ExportFiltersResponseDto implements ExportFilters {
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true })
  caseId?: string[];

  @ApiPropertyOptional({ enum: CaseStatus, enumName: 'CaseStatus', isArray: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: ActionType, enumName: 'ActionType', isArray: true })
  actionType?: ActionType[];

  @ApiPropertyOptional()
  region?: string;

  @ApiPropertyOptional()
  constituencyParty?: string;

  @ApiPropertyOptional()
  issuingBody?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 date or date-time, as given' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 date or date-time, as given' })
  to?: string;

  @ApiPropertyOptional()
  includeSuperseded?: boolean;
}

/** A background export and its manifest. */
export class ExportManifestDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ExportStatus, enumName: 'ExportStatus' })
  status: ExportStatus;

  @ApiProperty({ type: 'integer', description: 'Rows written so far' })
  progress: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Set when done' })
  rowCount: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Size of the file; set when done' })
  bytes: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the file, hex; set when done' })
  sha256: string | null;

  @ApiProperty({ enum: EXPORT_FORMATS, enumName: 'ExportFormat' })
  format: ExportFormat;

  @ApiProperty({ type: ExportFiltersResponseDto })
  filters: ExportFiltersResponseDto;

  @ApiProperty()
  pseudonymised: boolean;

  @ApiProperty({ format: 'uuid' })
  requestedBy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the file was removed after the retention period; the manifest stays',
  })
  fileDeletedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why a failed export failed' })
  error: string | null;
}

export function toManifest(e: ExportJobRecord): ExportManifestDto {
  return {
    id: e.id,
    status: e.status,
    progress: e.progress,
    rowCount: e.rowCount,
    bytes: e.bytes,
    sha256: e.sha256,
    format: e.format,
    filters: e.filters,
    pseudonymised: e.pseudonymised,
    requestedBy: e.requestedBy,
    createdAt: e.createdAt,
    startedAt: e.startedAt,
    completedAt: e.completedAt,
    fileDeletedAt: e.fileDeletedAt,
    error: e.error,
  };
}

export class ExportListDto {
  @ApiProperty({ type: [ExportManifestDto], description: 'Newest first, at most 200' })
  items: ExportManifestDto[];
}

export class ExportQueuedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ExportStatus, enumName: 'ExportStatus', description: 'queued' })
  status: ExportStatus;
}

/** A row's proof (docs/verifiable-record.md, "Verifiable exports"). */
export class RowProofDto implements RowProof {
  @ApiProperty({ type: 'integer', description: 'The index of the event’s leaf in the log' })
  leaf: number;

  @ApiProperty({
    format: 'byte',
    description:
      '32 bytes per field of the head’s `fields`, in that order: the salt of a field the row shows (its value is the one the row shows), the digest of a field it withholds',
  })
  fields: string;

  @ApiProperty({ type: [String], description: 'The fields the row withholds' })
  withheld: string[];

  @ApiProperty({
    type: [String],
    description:
      'The leaf’s RFC 9162 inclusion path against the checkpoint, leaf side first, base64, less the hashes the rows before it already gave',
  })
  path: string[];
}

/** A verifiable export's checkpoint. */
export class VerifiableHeadDto implements VerifiableHead {
  @ApiProperty({ enum: [VERIFIABLE_EXPORT] })
  format: typeof VERIFIABLE_EXPORT;

  @ApiProperty({ enum: ['timeline'], description: 'The kind of the rows’ leaves' })
  kind: 'timeline';

  @ApiProperty({
    type: [String],
    description: 'The fields of those leaves, in the order a row’s `fields` gives their salts or digests',
  })
  fields: string[];

  @ApiProperty({ description: 'The C2SP tlog-checkpoint signed note the proofs are against' })
  checkpoint: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'TimelineJS only: the property of a slide that shows a leaf field named otherwise',
  })
  properties?: Record<string, string>;

  @ApiProperty({ format: 'date-time', description: 'When the checkpoint was signed' })
  checkpointAt: string;
}

/** One exported event (format json and ndjson), pseudonymised when the export is. */
export class ExportEventDto extends PickType(TimelineEventResponseDto, [
  'id',
  'type',
  'occurredAt',
  'precision',
  'title',
  'description',
  'source',
  'evidenceIds',
  'recordedAt',
  'supersedes',
  'supersededBy',
] as const) {
  @ApiProperty()
  caseReference: string;

  @ApiProperty({ description: 'The member’s pseudonym (M-…) or, in a named export, their full name' })
  member: string;

  @ApiProperty({ type: String, nullable: true })
  region: string | null;

  @ApiProperty({ type: String, nullable: true })
  constituencyParty: string | null;

  @ApiProperty({ enum: ActionType, enumName: 'ActionType' })
  actionType: ActionType;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  caseStatus: CaseStatus;

  @ApiProperty({
    type: [String],
    description: 'SHA-256 of the event’s evidence files, in the order of evidenceIds',
  })
  evidenceSha256: string[];

  @ApiProperty({ description: 'The recorder’s role (pseudonymised) or full name' })
  recordedBy: string;

  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(RowProofDto) }],
    nullable: true,
    description: 'Background exports: the row’s proof (null when its event is not in the log)',
  })
  proof?: RowProofDto | null;
}

/** The head of a format=json export: when, how and what was exported. */
export class ExportHeadDto implements ExportManifestHead {
  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ enum: EXPORT_FORMATS, enumName: 'ExportFormat' })
  format: ExportFormat;

  @ApiProperty({ type: ExportFiltersResponseDto })
  filters: ExportFiltersResponseDto;

  @ApiProperty()
  pseudonymised: boolean;

  @ApiPropertyOptional({ type: VerifiableHeadDto, description: 'Background exports: their checkpoint' })
  verifiable?: VerifiableHeadDto;
}

/** format=json: what was exported, then the events. */
export class TimelineExportDto {
  @ApiProperty({ type: ExportHeadDto })
  manifest: ExportHeadDto;

  @ApiProperty({ type: [ExportEventDto] })
  events: ExportEventDto[];
}

export class TimelineJsTextDto {
  @ApiProperty({ description: 'HTML-escaped' })
  headline: string;

  @ApiProperty({ description: 'HTML' })
  text: string;
}

export class TimelineJsDateDto {
  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiPropertyOptional({ type: 'integer' })
  month?: number;

  @ApiPropertyOptional({ type: 'integer' })
  day?: number;

  @ApiPropertyOptional({ type: 'integer' })
  hour?: number;

  @ApiPropertyOptional({ type: 'integer' })
  minute?: number;
}

export class TimelineJsEventDto {
  @ApiProperty({ type: TimelineJsDateDto, description: 'As precise as the event’s precision' })
  start_date: TimelineJsDateDto;

  @ApiProperty({ type: TimelineJsTextDto })
  text: TimelineJsTextDto;

  @ApiProperty({ description: 'The case reference' })
  group: string;

  @ApiProperty({ format: 'uuid' })
  unique_id: string;
}

export class TimelineJsTitleDto {
  @ApiProperty({ type: TimelineJsTextDto })
  text: TimelineJsTextDto;
}

/** format=timelinejs: a TimelineJS document. */
export class TimelineJsExportDto {
  @ApiProperty({ type: TimelineJsTitleDto })
  title: TimelineJsTitleDto;

  @ApiProperty({ type: [TimelineJsEventDto] })
  events: TimelineJsEventDto[];
}

/**
 * The 200 of a timeline export (streamed, or a background export's file): one content type per
 * format. application/json is TimelineExportDto, or TimelineJsExportDto for format=timelinejs.
 */
export function ApiExportContent(description: string) {
  return applyDecorators(
    ApiExtraModels(TimelineExportDto, TimelineJsExportDto, ExportEventDto, RowProofDto),
    ApiOkResponse({
      description,
      content: {
        'text/csv': { schema: { type: 'string', description: 'A header row, then one row per event' } },
        'application/json': {
          schema: {
            oneOf: [{ $ref: getSchemaPath(TimelineExportDto) }, { $ref: getSchemaPath(TimelineJsExportDto) }],
          },
        },
        'application/x-ndjson': {
          schema: { type: 'string', description: 'One ExportEventDto as JSON per line' },
        },
      },
    }),
  );
}
