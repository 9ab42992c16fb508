import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID, ArrayMaxSize } from 'class-validator';
import { CaseFiltersDto, toList } from '../../cases/dto/case-filters.dto';
import { IsDateOrInstant, RANGE_BOUND } from '../../http/date-validators';

export { toList };

/** Query strings carry "true"/"false"; JSON bodies carry booleans. Anything else fails validation. */
export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The case filters of exports (PRODUCT.md), plus from/to on the event's occurredAt. */
export class ExportFiltersDto extends CaseFiltersDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Repeatable' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(1000, { message: 'caseId may be given at most 1000 times' })
  @IsUUID('all', { each: true, message: 'caseId must be a UUID' })
  caseId?: string[];

  @ApiPropertyOptional({
    example: '2019-01-01',
    description: `Events whose occurredAt is at or after: ${RANGE_BOUND}`,
  })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2019-12-31',
    description: `Events whose occurredAt is at or before: ${RANGE_BOUND} (a date includes that day)`,
  })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;

  @ApiPropertyOptional({ default: false, description: 'Include events that a correction superseded' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'includeSuperseded must be true or false' })
  includeSuperseded?: boolean;
}
