import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, MaxLength, Max, Min } from 'class-validator';
import { CaseStatus } from '../case-status';

export class CreateTransitionDto {
  @ApiProperty({ enum: CaseStatus })
  @IsEnum(CaseStatus, { message: `to must be one of: ${Object.values(CaseStatus).join(', ')}` })
  to: CaseStatus;

  @ApiPropertyOptional({
    example: '2019-06-01',
    description:
      'When it happened: YYYY-MM-DD or a full ISO timestamp, not in the future. Defaults to now; required for reinstated and upheld (the decision date).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occurredAt?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to close or reopen' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'The case version you read; when given, a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}
