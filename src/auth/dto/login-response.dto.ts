import { ApiProperty } from '@nestjs/swagger';
import { UserViewDto } from '../../users/dto/user-view.dto';

export class LoginResponseDto {
  @ApiProperty({
    description: 'HS256 JWT; send as `Authorization: Bearer <token>`. Lifetime: JWT_TTL_SECONDS',
  })
  accessToken: string;

  @ApiProperty({ type: UserViewDto })
  user: UserViewDto;
}
