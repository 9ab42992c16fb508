import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsUUID, ArrayMaxSize } from 'class-validator';
import { CaseFiltersDto, toList } from '../../cases/dto/case-filters.dto';

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

  @ApiPropertyOptional({ description: "Events on or after (ISO 8601) the event's occurredAt" })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Events on or before (ISO 8601); a bare date includes that day' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ default: false, description: 'Include events that a correction superseded' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'includeSuperseded must be true or false' })
  includeSuperseded?: boolean;
}
