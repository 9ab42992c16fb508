import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Leaf counts and indices: whole numbers from 0 (a PostgreSQL integer bounds the log). */
const MAX_INDEX = 2 ** 31 - 1;

export class InclusionProofQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The leaf (from 0)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The tree size (of a checkpoint) to prove it in' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INDEX)
  size: number;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The older tree size (a pinned checkpoint)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  from: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The newer tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  to: number;
}

export class LeafIndexParamDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index: number;
}

export class CheckpointListQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
