import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { EditableRecordDto } from '../../http/editable-record.dto';
import { PageOf } from '../../http/page.dto';
import { Member } from '../../members/member.entity';
import { MemberResponseDto, toMemberView } from '../../members/dto/member-response.dto';
import { MATCH_REASONS, MatchReason } from '../../members/matching/member-matcher';
import { Role } from '../../users/role';
import { Case } from '../case.entity';
import { ActionType, CaseStatus, Priority } from '../case-status';
import { allowedTransitionsFor } from '../case-workflow';

/** A case as the API shows it, with its member and what the caller may do next. */
export class CaseResponseDto extends EditableRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'CL-2026-0001', description: 'CL-YYYY-NNNN, sequential per year' })
  reference: string;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  status: CaseStatus;

  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @ApiProperty({ type: MemberResponseDto })
  member: MemberResponseDto;

  @ApiProperty({ enum: ActionType, enumName: 'ActionType' })
  actionType: ActionType;

  @ApiProperty({ format: 'date' })
  actionDate: string;

  @ApiProperty({ format: 'date' })
  notifiedAt: string;

  @ApiProperty({ format: 'date', description: 'notifiedAt + APPEAL_WINDOW_DAYS' })
  appealDeadline: string;

  @ApiProperty({ type: String, nullable: true })
  issuingBody: string | null;

  @ApiProperty({ type: String, nullable: true })
  externalReference: string | null;

  @ApiProperty({ type: [String] })
  allegations: string[];

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ enum: Priority, enumName: 'Priority' })
  priority: Priority;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  coordinatorId: string | null;

  @ApiProperty({ format: 'uuid' })
  createdBy: string;

  @ApiProperty({
    enum: CaseStatus,
    enumName: 'CaseStatus',
    isArray: true,
    description: 'What the caller may move the case to next',
  })
  allowedTransitions: CaseStatus[];
}

export function toCaseView(c: Case, member: Member, role: Role): CaseResponseDto {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    version: c.version,
    memberId: c.memberId,
    member: toMemberView(member),
    actionType: c.actionType,
    actionDate: c.actionDate,
    notifiedAt: c.notifiedAt,
    appealDeadline: c.appealDeadline,
    issuingBody: c.issuingBody,
    externalReference: c.externalReference,
    allegations: c.allegations,
    summary: c.summary,
    priority: c.priority,
    tags: c.tags,
    assigneeId: c.assigneeId,
    coordinatorId: c.coordinatorId,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    allowedTransitions: allowedTransitionsFor(role, c.status),
  };
}

export class CasePageDto extends PageOf(CaseResponseDto) {}

/** An existing member who may be the person of the intake. */
export class MemberDuplicateDto {
  @ApiProperty({ enum: ['member'] })
  kind: 'member';

  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ type: String, nullable: true })
  membershipNumber: string | null;

  @ApiProperty({ type: String, nullable: true })
  constituencyParty: string | null;

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

/** An open case of the linked member: the intake may repeat it. */
export class OpenCaseDuplicateDto {
  @ApiProperty({ enum: ['open_case'] })
  kind: 'open_case';

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  reference: string;

  @ApiProperty({ enum: CaseStatus, enumName: 'CaseStatus' })
  status: CaseStatus;

  @ApiProperty({ enum: ['same_member'], isArray: true })
  reasons: 'same_member'[];
}

export type PossibleDuplicate = MemberDuplicateDto | OpenCaseDuplicateDto;

/** Something the intake did that the caseworker should know about. */
export class IntakeWarningDto {
  @ApiProperty({ enum: ['NAME_DIFFERS'] })
  code: 'NAME_DIFFERS';

  @ApiProperty({ example: 'member.fullName', description: 'The field the warning is about' })
  field: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ description: 'The name the member is stored under (kept)' })
  storedName: string;

  @ApiProperty({ description: 'The name given (kept as another name of the member)' })
  givenName: string;
}

@ApiExtraModels(MemberDuplicateDto, OpenCaseDuplicateDto)
export class IntakeResponseDto extends CaseResponseDto {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [{ $ref: getSchemaPath(MemberDuplicateDto) }, { $ref: getSchemaPath(OpenCaseDuplicateDto) }],
    },
    description: 'Members and open cases that may be the same person or action, best first',
  })
  possibleDuplicates: PossibleDuplicate[];

  @ApiProperty({
    type: [IntakeWarningDto],
    description: 'E.g. NAME_DIFFERS: linked by number to a member stored under another name',
  })
  warnings: IntakeWarningDto[];
}
