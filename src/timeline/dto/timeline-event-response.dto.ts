import { ApiProperty } from '@nestjs/swagger';
import { DatePrecision, TimelineEvent, TimelineEventType } from '../timeline-event.entity';

/** One event of a case's timeline. Append-only: a correction is a new event that supersedes it. */
export class TimelineEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ enum: TimelineEventType, enumName: 'TimelineEventType' })
  type: TimelineEventType;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'The start of the period the precision names (the 1st of the month for month precision)',
  })
  occurredAt: Date;

  @ApiProperty({ enum: DatePrecision, enumName: 'DatePrecision' })
  precision: DatePrecision;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true })
  source: string | null;

  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  evidenceIds: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: Date;

  @ApiProperty({ format: 'uuid' })
  recordedBy: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The event this one corrects' })
  supersedes: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The event that corrects this one',
  })
  supersededBy: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The appeal whose lodging or hearing this event records',
  })
  appealId: string | null;
}

export function toTimelineEventView(e: TimelineEvent): TimelineEventResponseDto {
  return {
    id: e.id,
    caseId: e.caseId,
    type: e.type,
    occurredAt: e.occurredAt,
    precision: e.precision,
    title: e.title,
    description: e.description,
    source: e.source,
    evidenceIds: e.evidenceIds,
    recordedAt: e.recordedAt,
    recordedBy: e.recordedBy,
    supersedes: e.supersedes,
    supersededBy: e.supersededBy,
    appealId: e.appealId,
  };
}
