import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const PHONE_PATTERN = /^\+?[0-9 ()\-.]{3,50}$/;

/** A member as given at intake (new, or linked to an existing one by membership number). */
export class MemberInputDto {
  @ApiProperty({ maxLength: 200, example: 'Ann Example' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'fullName must not be blank' })
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ maxLength: 50, description: 'Trimmed and upper-cased; links to an existing member' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  membershipNumber?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ maxLength: 50, example: '+44 7700 900123' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, + ( ) - .)' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  constituencyParty?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  consentToContact?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  consentToResearch?: boolean;
}
