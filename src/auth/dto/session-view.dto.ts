import { ApiProperty } from '@nestjs/swagger';
import { UserViewDto } from '../../users/dto/user-view.dto';
import type { UserView } from '../../users/user.entity';

/** Who is signed in in this browser, and what its changes must carry. */
export class SessionViewDto {
  @ApiProperty({ type: UserViewDto, description: 'The signed-in user, as GET /api/me gives it' })
  user: UserView;

  @ApiProperty({
    description:
      'Send as the X-CSRF-Token header with every change (any method but GET/HEAD/OPTIONS) made with the session cookie',
  })
  csrfToken: string;

  @ApiProperty({
    description: 'Signed in with a one-time password: POST /api/me/password before anything else',
  })
  passwordChangeRequired: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When the session ends however busy (SESSION_MAX_HOURS after sign-in)',
  })
  expiresAt: Date;

  @ApiProperty({
    description: 'Minutes without a request after which the session ends (SESSION_IDLE_MINUTES)',
  })
  idleMinutes: number;
}
