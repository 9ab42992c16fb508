import { ApiProperty } from '@nestjs/swagger';
import { EditableRecordDto } from '../../http/editable-record.dto';
import { PageOf } from '../../http/page.dto';
import { ActionType, CaseStatus } from '../../cases/case-status';
import { Member } from '../member.entity';
import { MemberAlias } from '../member-alias.entity';

/** What the API shows of a member (not the internal normalised name). */
export class MemberResponseDto extends EditableRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Margaret O’Brien' })
  fullName: string;

  @ApiProperty({ type: String, nullable: true, description: 'Trimmed and upper-cased; unique' })
  membershipNumber: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ type: String, nullable: true })
  constituencyParty: string | null;

  @ApiProperty({ type: String, nullable: true })
  region: string | null;

  @ApiProperty()
  consentToContact: boolean;

  @ApiProperty()
  consentToResearch: boolean;
}

export function toMemberView(m: Member): MemberResponseDto {
  return {
    id: m.id,
    fullName: m.fullName,
    membershipNumber: m.membershipNumber,
    email: m.email,
    phone: m.phone,
    constituencyParty: m.constituencyParty,
    region: m.region,
    consentToContact: Boolean(m.consentToContact),
    consentToResearch: Boolean(m.consentToResearch),
    version: m.version,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export class MemberPageDto extends PageOf(MemberResponseDto) {}

/** One case of a member, as listed on the member. */
export class MemberCaseSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'CL-2026-0001' })
  reference: string;

  @ApiProperty({ enum: ActionType, enumName: 'ActionType' })
  actionType: ActionType;

  @ApiProperty({ format: 'date' })
  actionDate: string;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  status: CaseStatus;

  @ApiProperty({ format: 'date' })
  appealDeadline: string;
}

/** Another name, email or phone the member is known by. */
export class MemberAliasDto {
  @ApiProperty({ enum: ['name', 'email', 'phone'] })
  kind: 'name' | 'email' | 'phone';

  @ApiProperty()
  value: string;

  @ApiProperty({ enum: ['intake', 'merge'], description: 'Typed at an intake, or kept from a merged member' })
  source: 'intake' | 'merge';

  @ApiProperty()
  createdAt: Date;
}

export function toAliasView(a: MemberAlias): MemberAliasDto {
  return { kind: a.kind, value: a.value, source: a.source, createdAt: a.createdAt };
}

export class MemberWithCasesDto extends MemberResponseDto {
  @ApiProperty({ type: [MemberAliasDto], description: 'Other names, emails and phones they are known by' })
  aliases: MemberAliasDto[];

  @ApiProperty({ type: [MemberCaseSummaryDto], description: 'Oldest first' })
  cases: MemberCaseSummaryDto[];
}
