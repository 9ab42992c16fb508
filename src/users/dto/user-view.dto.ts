import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../role';
import type { User } from '../user.entity';

/** A user as the API shows it (never the password hash). */
export class UserViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'caseworker@example.org', description: 'Always lower-case' })
  email: string;

  @ApiProperty({ example: 'Sam Caseworker' })
  fullName: string;

  @ApiProperty({ enum: Role })
  role: Role;

  @ApiProperty({ description: 'Deactivated users cannot sign in; their tokens stop working' })
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export function toUserView(user: User): UserViewDto {
  const { id, email, fullName, role, active, createdAt, updatedAt } = user;
  return { id, email, fullName, role, active, createdAt, updatedAt };
}
