import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import { Nullable } from '../../http/validation';
import { PHONE_PATTERN } from './member-input.dto';

export class UpdateMemberDto {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'fullName must not be blank' })
  @MaxLength(200)
  fullName?: string;

  @Nullable(String, { maxLength: 50, description: 'null clears it' })
  @IsString()
  @MaxLength(50)
  membershipNumber?: string | null;

  @Nullable(String, { maxLength: 254, description: 'null clears it' })
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @Nullable(String, { maxLength: 50, description: 'null clears it' })
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, + ( ) - .)' })
  phone?: string | null;

  @Nullable(String, { maxLength: 200, description: 'null clears it' })
  @IsString()
  @MaxLength(200)
  constituencyParty?: string | null;

  @Nullable(String, { maxLength: 100, description: 'null clears it' })
  @IsString()
  @MaxLength(100)
  region?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  consentToContact?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  consentToResearch?: boolean;
}
