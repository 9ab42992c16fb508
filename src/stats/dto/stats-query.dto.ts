import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ActionType, CaseStatus } from '../../cases/case-status';
import { toList } from '../../exports/dto/export-filters.dto';
import { GROUP_BY, GroupBy } from '../stats-query';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class StatsQueryDto {
  @ApiProperty({ enum: GROUP_BY })
  @IsIn(GROUP_BY, { message: `groupBy must be one of ${GROUP_BY.join(', ')}` })
  groupBy: GroupBy;

  @ApiPropertyOptional({ enum: CaseStatus, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsEnum(CaseStatus, {
    each: true,
    message: `status must be one of ${Object.values(CaseStatus).join(', ')}`,
  })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: ActionType, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsEnum(ActionType, {
    each: true,
    message: `actionType must be one of ${Object.values(ActionType).join(', ')}`,
  })
  actionType?: ActionType[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'region must be a string' })
  @MaxLength(100)
  region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'constituencyParty must be a string' })
  @MaxLength(200)
  constituencyParty?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'issuingBody must be a string' })
  @MaxLength(200)
  issuingBody?: string;

  @ApiPropertyOptional({ description: 'actionDate on or after, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'actionDate on or before, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}
