import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class DeleteEvidenceDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the evidence is deleted (kept on the tombstone)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'reason must be a string' })
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(2000, { message: 'reason must not be longer than 2000 characters' })
  reason: string;
}
