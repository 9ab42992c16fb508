import { ApiProperty } from '@nestjs/swagger';

export class OneTimePasswordDto {
  @ApiProperty({
    description:
      'Shown once: give it to the user by a safe channel. Signed in with it, they must choose a new password before anything else',
  })
  oneTimePassword: string;
}
