import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { DatePrecision, TimelineEventType } from '../timeline-event.entity';

/** Types only the system writes (the workflow and evidence uploads). */
export const SYSTEM_EVENT_TYPES: readonly TimelineEventType[] = [
  TimelineEventType.StatusChanged,
  TimelineEventType.EvidenceAdded,
];
export const MANUAL_EVENT_TYPES = Object.values(TimelineEventType).filter(
  (t) => !SYSTEM_EVENT_TYPES.includes(t),
);
export const MAX_DESCRIPTION = 20_000;
export const MAX_EVIDENCE_IDS = 50;

const OCCURRED_AT_DOC =
  'YYYY, YYYY-MM, YYYY-MM-DD or a full ISO 8601 timestamp; must agree with precision (inferred when absent). Not in the future, except for a hearing';

export class CreateEventDto {
  @ApiProperty({ enum: MANUAL_EVENT_TYPES })
  @IsIn(MANUAL_EVENT_TYPES, { message: `type must be one of: ${MANUAL_EVENT_TYPES.join(', ')}` })
  type: TimelineEventType;

  @ApiProperty({ example: '2019-03', description: OCCURRED_AT_DOC })
  @IsString()
  @MaxLength(40)
  occurredAt: string;

  @ApiPropertyOptional({ enum: DatePrecision })
  @IsOptional()
  @IsEnum(DatePrecision, { message: `precision must be one of: ${Object.values(DatePrecision).join(', ')}` })
  precision?: DatePrecision;

  @ApiProperty({ maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DESCRIPTION)
  description?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Where the information comes from' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  source?: string;

  @ApiPropertyOptional({ type: [String], description: "Ids of this case's evidence" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EVIDENCE_IDS)
  @IsUUID('all', { each: true, message: 'evidenceIds must be UUIDs' })
  evidenceIds?: string[];
}

/** A correction: a new event replacing the old one; fields not given are copied from it. */
export class CorrectEventDto {
  @ApiPropertyOptional({ enum: MANUAL_EVENT_TYPES })
  @IsOptional()
  @IsIn(MANUAL_EVENT_TYPES, { message: `type must be one of: ${MANUAL_EVENT_TYPES.join(', ')}` })
  type?: TimelineEventType;

  @ApiPropertyOptional({ description: OCCURRED_AT_DOC })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occurredAt?: string;

  @ApiPropertyOptional({ enum: DatePrecision })
  @IsOptional()
  @IsEnum(DatePrecision, { message: `precision must be one of: ${Object.values(DatePrecision).join(', ')}` })
  precision?: DatePrecision;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DESCRIPTION)
  description?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  source?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EVIDENCE_IDS)
  @IsUUID('all', { each: true, message: 'evidenceIds must be UUIDs' })
  evidenceIds?: string[];

  @ApiProperty({ maxLength: 2000, description: 'Why the event is corrected (kept in the audit trail)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
