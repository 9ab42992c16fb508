import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsPastCalendarDate } from '../../cases/dto/date-validators';

export const MAX_GROUNDS = 20_000;

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

  @ApiPropertyOptional({ example: '2019-05-14T10:00:00Z', description: 'ISO 8601 date or timestamp' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'hearingAt must be an ISO 8601 date or timestamp' })
  hearingAt?: string;
}
