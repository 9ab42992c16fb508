import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsPastCalendarDate } from '../../http/date-validators';
import { Nullable } from '../../http/validation';
import { ActionType } from '../case-status';
import { CaseFieldsDto } from './create-case.dto';

/** Editable case fields: not status (use transitions), not reference, not the member. */
export class UpdateCaseDto extends CaseFieldsDto {
  @ApiProperty({ description: 'The version you read; a stale one answers 409 and nothing changes' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ enum: ActionType })
  @IsOptional()
  @IsEnum(ActionType, { message: `actionType must be one of: ${Object.values(ActionType).join(', ')}` })
  actionType?: ActionType;

  @ApiPropertyOptional({ example: '2019-03-01' })
  @IsOptional()
  @IsPastCalendarDate()
  actionDate?: string;

  @ApiPropertyOptional({ example: '2019-03-04', description: 'Moves the appeal deadline' })
  @IsOptional()
  @IsPastCalendarDate()
  notifiedAt?: string;

  @Nullable(String, { format: 'uuid', description: 'An active caseworker; null unassigns' })
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string | null;

  @Nullable(String, { format: 'uuid', description: 'An active coordinator; null unassigns' })
  @IsUUID('all', { message: 'coordinatorId must be a UUID' })
  coordinatorId?: string | null;
}
