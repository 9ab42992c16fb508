import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class MergeMemberDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The member to keep: the cases, names and contacts move to them',
  })
  @IsUUID('all', { message: 'intoId must be a member id (UUID)' })
  intoId: string;

  @ApiProperty({ maxLength: 2000, example: 'Same person: same membership card, new email' })
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason: string;
}
