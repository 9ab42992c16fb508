import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { ActionType, CaseStatus } from '../case-status';

/** `?status=a&status=b` arrives as an array, `?status=a` as a string: both become a list. */
export const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === null || value === '' ? undefined : Array.isArray(value) ? value : [value];

/** The case filters that exports and statistics share (PRODUCT.md); status and actionType repeatable. */
export class CaseFiltersDto {
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
}
