import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from '../export-format';
import { ExportFiltersDto, toBoolean } from './export-filters.dto';

export class TimelineExportQueryDto extends ExportFiltersDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format: ExportFormat;

  @ApiPropertyOptional({
    default: true,
    description: 'Coordinators and admins may pass false for a named export; researchers may not (403)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'pseudonymise must be true or false' })
  pseudonymise?: boolean;

  @ApiPropertyOptional({ default: false, description: 'CSV: start with a UTF-8 byte order mark' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'bom must be true or false' })
  bom?: boolean;
}
