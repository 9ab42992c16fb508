import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../role';

/** Someone a case can be assigned to: an active caseworker or coordinator (no email, no dates). */
export class DirectoryEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Sam Caseworker' })
  fullName: string;

  @ApiProperty({ enum: [Role.Caseworker, Role.Coordinator] })
  role: Role;
}
