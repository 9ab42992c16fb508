import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../role';
import type { UserView } from '../user.entity';

/** The OpenAPI shape of a user as the API shows it (never the password hash). */
export class UserViewDto implements UserView {
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

  @ApiProperty({
    description:
      'Signed in with a one-time password: every route but GET /api/me, GET/DELETE /api/auth/session and POST /api/me/password answers 403 PASSWORD_CHANGE_REQUIRED until they choose their own',
  })
  passwordChangeRequired: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
