import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DATE_OR_INSTANT_FORM } from '../../http/dates';
import { IsDateOrInstant, IsPastCalendarDate } from '../../http/date-validators';

export const MAX_GROUNDS = 20_000;
export const HEARING_AT = `When the appeal is heard: ${DATE_OR_INSTANT_FORM}`;

export class CreateAppealDto {
  @ApiProperty({ example: '2019-03-20', description: 'YYYY-MM-DD, not in the future' })
  @IsPastCalendarDate()
  lodgedAt: string;

  @ApiProperty({ maxLength: 200, description: 'Who hears it', example: 'National Constitutional Committee' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'body must not be blank' })
  @MaxLength(200)
  body: string;

  @ApiPropertyOptional({ maxLength: MAX_GROUNDS })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_GROUNDS)
  grounds?: string;

  @ApiPropertyOptional({ example: '2019-05-14T10:00:00Z', description: HEARING_AT })
  @IsOptional()
  @IsDateOrInstant()
  hearingAt?: string;
}
