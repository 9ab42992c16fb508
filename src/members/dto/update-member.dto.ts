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
  ValidateIf,
} from 'class-validator';
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

  @ApiPropertyOptional({ maxLength: 50, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(50)
  membershipNumber?: string | null;

  @ApiPropertyOptional({ maxLength: 254, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ maxLength: 50, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, + ( ) - .)' })
  phone?: string | null;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(200)
  constituencyParty?: string | null;

  @ApiPropertyOptional({ maxLength: 100, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
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
