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

export class QueueOverviewDto {
  @ApiProperty({ type: [QueueCountsDto] })
  queues: QueueCountsDto[];

  @ApiProperty({ type: ReminderCountsDto })
  reminders: ReminderCountsDto;
}
