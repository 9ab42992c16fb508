import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';

/** The latest calendar date anywhere on Earth right now (UTC+14), so "today" is never refused. */
export function latestDateOnEarth(now = new Date()): string {
  return new Date(now.getTime() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD, not after today. */
export function IsPastCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPastCalendarDate',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
            ? value <= latestDateOnEarth()
            : false;
        },
        defaultMessage: () => '$property must be a date (YYYY-MM-DD) that is not in the future',
      },
    },
    options,
  );
}

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
