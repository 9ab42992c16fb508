import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  ArrayMaxSize,
  MaxLength,
} from 'class-validator';
import { ActionType, CaseStatus } from '../../cases/case-status';

/** `?caseId=a&caseId=b` arrives as an array, `?caseId=a` as a string: both become a list. */
export const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === null || value === '' ? undefined : Array.isArray(value) ? value : [value];

/** Query strings carry "true"/"false"; JSON bodies carry booleans. Anything else fails validation. */
export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The case filters of exports (PRODUCT.md), plus from/to on the event's occurredAt. */
export class ExportFiltersDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Repeatable' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(1000, { message: 'caseId may be given at most 1000 times' })
  @IsUUID('all', { each: true, message: 'caseId must be a UUID' })
  caseId?: string[];

  @ApiPropertyOptional({ enum: CaseStatus, isArray: true, description: 'Repeatable' })
  @IsOptional()
  @Transform(toList)
  @IsEnum(CaseStatus, {
    each: true,
    message: `status must be one of ${Object.values(CaseStatus).join(', ')}`,
  })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: ActionType, isArray: true, description: 'Repeatable' })
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
