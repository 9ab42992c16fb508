import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A queue's job counts; only name and available while Redis does not answer. */
export class QueueCountsDto {
  @ApiProperty({ example: 'reminders' })
  name: string;

  @ApiProperty({ description: 'false while Redis does not answer: then there are no counts' })
  available: boolean;

  @ApiPropertyOptional({ type: 'integer' })
  waiting?: number;

  @ApiPropertyOptional({ type: 'integer' })
  delayed?: number;

  @ApiPropertyOptional({ type: 'integer' })
  active?: number;

  @ApiPropertyOptional({ type: 'integer' })
  failed?: number;

  @ApiPropertyOptional({ type: 'integer' })
  completed?: number;

  @ApiPropertyOptional({ type: 'integer' })
  paused?: number;
}

/** Reminders in the database by status. */
export class ReminderCountsDto {
  @ApiProperty({ type: 'integer' })
  scheduled: number;

  @ApiProperty({ type: 'integer' })
  sent: number;

  @ApiProperty({ type: 'integer' })
  failed: number;

  @ApiProperty({ type: 'integer' })
  cancelled: number;
}

/** The last finished pass of the reminder reconciler (any process); both null when none is known. */
export class ReconcileRunDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null before the first pass is recorded, or while Redis does not answer',
  })
  at: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Reminder jobs it re-added from the database',
  })
  added: number | null;
}

/** The evidence store: files kept (tombstones excluded) and their bytes. */
export class EvidenceStoreDto {
  @ApiProperty({ type: 'integer' })
  files: number;

  @ApiProperty({ type: 'integer' })
  bytes: number;
}

export class QueueOverviewDto {
  @ApiProperty({ type: [QueueCountsDto] })
  queues: QueueCountsDto[];

  @ApiProperty({ type: ReminderCountsDto })
  reminders: ReminderCountsDto;

  @ApiProperty({ type: ReconcileRunDto })
  lastReminderReconcile: ReconcileRunDto;

  @ApiProperty({ type: EvidenceStoreDto })
  evidence: EvidenceStoreDto;
}

export class RetryFailedDto {
  @ApiProperty({ example: 'reminders' })
  queue: string;

  @ApiProperty({ type: 'integer', description: 'Failed jobs put back to run' })
  retried: number;
}
