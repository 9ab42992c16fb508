import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CaseFiltersDto } from '../../cases/dto/case-filters.dto';
import { GROUP_BY, GroupBy } from '../stats-query';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class StatsQueryDto extends CaseFiltersDto {
  @ApiProperty({ enum: GROUP_BY })
  @IsIn(GROUP_BY, { message: `groupBy must be one of ${GROUP_BY.join(', ')}` })
  groupBy: GroupBy;

  @ApiPropertyOptional({ description: 'actionDate on or after, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'actionDate on or before, YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}
