import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from '../export-format';
import { ExportFiltersDto } from './export-filters.dto';

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format: ExportFormat;

  @ApiPropertyOptional({ type: ExportFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExportFiltersDto)
  filters?: ExportFiltersDto;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'pseudonymise must be true or false' })
  pseudonymise?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean({ message: 'bom must be true or false' })
  bom?: boolean;
}
