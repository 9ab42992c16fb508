import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Max, Min } from 'class-validator';
import { IsDateOrInstant, IsPastCalendarDate } from '../../http/date-validators';
import { Nullable } from '../../http/validation';
import { AppealOutcome } from '../appeal.entity';
import { HEARING_AT, MAX_GROUNDS } from './create-appeal.dto';

export class UpdateAppealDto {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ example: '2019-03-20' })
  @IsOptional()
  @IsPastCalendarDate()
  lodgedAt?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  body?: string;

  @Nullable(String, { maxLength: MAX_GROUNDS, description: 'null clears it' })
  @IsString()
  @MaxLength(MAX_GROUNDS)
  grounds?: string | null;

  @Nullable(String, {
    example: '2019-05-14T10:00:00Z',
    description: `${HEARING_AT}. Setting or moving it writes a hearing event; null clears it`,
  })
  @IsDateOrInstant()
  hearingAt?: string | null;

  @ApiPropertyOptional({
    enum: [AppealOutcome.Withdrawn],
    description: 'Only withdrawn: allowed and dismissed come from the workflow decisions',
  })
  @IsOptional()
  @IsIn([AppealOutcome.Withdrawn], {
    message:
      'outcome may only be set to withdrawn here (allowed and dismissed come from the workflow decisions)',
  })
  outcome?: AppealOutcome.Withdrawn;
}
