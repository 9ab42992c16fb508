import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsPastCalendarDate } from '../../cases/dto/date-validators';
import { AppealOutcome } from '../appeal.entity';
import { MAX_GROUNDS } from './create-appeal.dto';

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

  @ApiPropertyOptional({ maxLength: MAX_GROUNDS, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(MAX_GROUNDS)
  grounds?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Setting or moving it writes a hearing event' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, { message: 'hearingAt must be an ISO 8601 date or timestamp' })
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
