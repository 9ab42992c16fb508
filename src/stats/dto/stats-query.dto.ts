import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CaseFiltersDto } from '../../cases/dto/case-filters.dto';
import { IsCalendarDate } from '../../http/date-validators';
import { GROUP_BY, GroupBy } from '../stats-query';

export class StatsQueryDto extends CaseFiltersDto {
  @ApiProperty({ enum: GROUP_BY })
  @IsIn(GROUP_BY, { message: `groupBy must be one of ${GROUP_BY.join(', ')}` })
  groupBy: GroupBy;

  @ApiPropertyOptional({ example: '2019-01-01', description: 'actionDate on or after, YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2019-12-31', description: 'actionDate on or before, YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
