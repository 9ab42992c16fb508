import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '../password-policy';

export class ChangePasswordDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 1024,
    description: 'The password (or one-time password) signed in with',
  })
  @IsString()
  @MinLength(1, { message: 'currentPassword is required' })
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: 1024,
    description: `At least ${MIN_PASSWORD_LENGTH} characters, not a commonly used password, not your email address`,
  })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters`,
  })
  @MaxLength(1024)
  newPassword: string;
}
