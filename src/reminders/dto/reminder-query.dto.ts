import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsDateOrInstant, RANGE_BOUND } from '../../http/date-validators';
import { REMINDER_KINDS, REMINDER_STATUSES, ReminderKind, ReminderStatus } from '../reminder-kinds';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(1_000_000, { message: 'page must be at most 1000000' })
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;
}

export class ReminderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsEnum(ReminderStatus, { message: `status must be one of: ${REMINDER_STATUSES.join(', ')}` })
  status?: ReminderStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a uuid' })
  caseId?: string;

  @ApiPropertyOptional({ enum: REMINDER_KINDS })
  @IsOptional()
  @IsEnum(ReminderKind, { message: `kind must be one of: ${REMINDER_KINDS.join(', ')}` })
  kind?: ReminderKind;

  @ApiPropertyOptional({ example: '2026-01-02T03:04:05Z', description: `dueAt at or after: ${RANGE_BOUND}` })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-01-31',
    description: `dueAt at or before: ${RANGE_BOUND} (a date includes that day)`,
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}
