import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsPastCalendarDate } from '../../http/date-validators';

/** The text parts of the multipart upload (the file part is `file`). */
export class UploadEvidenceDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'What the file is' })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'description must not be longer than 2000 characters' })
  description?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Where it came from (who supplied it, how)' })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'source must not be longer than 500 characters' })
  source?: string;

  @ApiPropertyOptional({ example: '2019-03-04', description: 'When it was obtained (not in the future)' })
  @IsOptional()
  @IsPastCalendarDate()
  obtainedAt?: string;
}

/** For the OpenAPI document: the whole multipart body. */
export class UploadEvidenceBody extends UploadEvidenceDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file (one per request)' })
  file: unknown;
}
