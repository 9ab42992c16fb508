import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_PAGE_SIZE, NO_CONTROL_CHARS } from '../../members/dto/member-query.dto';
import { ActionType, CaseStatus } from '../case-status';
import { IsCalendarDate } from '../../http/date-validators';

export const CASE_SORTS = ['updatedAt', 'actionDate', 'appealDeadline', 'reference'] as const;
export type CaseSortField = (typeof CASE_SORTS)[number];
const SORT_VALUES = CASE_SORTS.flatMap((s) => [s, `-${s}`]);

/** "a,b" or ?x=a&x=b → ['a','b'] */
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;

export class CaseQueryDto {
  @ApiPropertyOptional({ enum: CaseStatus, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsEnum(CaseStatus, {
    each: true,
    message: `status must be one of: ${Object.values(CaseStatus).join(', ')}`,
  })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: ActionType, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsEnum(ActionType, {
    each: true,
    message: `actionType must be one of: ${Object.values(ActionType).join(', ')}`,
  })
  actionType?: ActionType[];

  @ApiPropertyOptional({ description: "The member's region (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ description: "The member's constituency party (case-insensitive)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  constituencyParty?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({
    description: 'Reference, membership number, member name or summary (case-insensitive)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  q?: string;

  @ApiPropertyOptional({ example: '2019-04-01', description: 'Appeal deadline strictly before this date' })
  @IsOptional()
  @IsCalendarDate()
  deadlineBefore?: string;

  @ApiPropertyOptional({ enum: SORT_VALUES, default: '-updatedAt' })
  @IsOptional()
  @IsIn(SORT_VALUES, { message: `sort must be one of: ${SORT_VALUES.join(', ')}` })
  sort?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(1_000_000, { message: 'page must not be greater than 1000000' })
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE, { message: `limit must not be greater than ${MAX_PAGE_SIZE}` })
  limit?: number;
}
