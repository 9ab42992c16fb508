import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MATCH_REASONS, MatchReason, MemberMatch } from '../matching/member-matcher';
import { StoredCandidate } from '../matching/member-match-query';
import { NO_CONTROL_CHARS } from './member-query.dto';
import { MemberResponseDto, toMemberView } from './member-response.dto';

export const MAX_MATCHES = 50;

/** What is known so far of a person about to be taken in; at least one of the clues. */
export class MemberMatchQueryDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Margaret OBrien' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'fullName must not contain control characters' })
  fullName?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(NO_CONTROL_CHARS, { message: 'membershipNumber must not contain control characters' })
  membershipNumber?: string;

  @ApiPropertyOptional({ maxLength: 254, description: 'Compared case-insensitively' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @Matches(NO_CONTROL_CHARS, { message: 'email must not contain control characters' })
  email?: string;

  @ApiPropertyOptional({ maxLength: 50, description: 'Any format: compared by its digits' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(NO_CONTROL_CHARS, { message: 'phone must not contain control characters' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Supports a match found by another clue' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'constituencyParty must not contain control characters' })
  constituencyParty?: string;

  @ApiPropertyOptional({ default: 10, maximum: MAX_MATCHES })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MATCHES)
  limit?: number;
}

/** A stored member who may be the person, with why and how likely. */
export class MemberMatchDto extends MemberResponseDto {
  @ApiProperty({
    enum: MATCH_REASONS,
    enumName: 'MatchReason',
    isArray: true,
    description: 'Why it may be the same person',
  })
  reasons: MatchReason[];

  @ApiProperty({ minimum: 1, maximum: 100, description: 'Higher is likelier the same person' })
  score: number;
}

export class MemberMatchListDto {
  @ApiProperty({ type: [MemberMatchDto], description: 'Best first' })
  items: MemberMatchDto[];
}

export function toMemberMatch(match: MemberMatch<StoredCandidate>): MemberMatchDto {
  return { ...toMemberView(match.member.stored), reasons: match.reasons, score: match.score };
}
