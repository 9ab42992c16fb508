import { Member } from '../members/member.entity';
import { MemberView, toMemberView } from '../members/member-view';
import { Role } from '../users/role';
import { Case } from './case.entity';
import { CaseStatus } from './case-status';
import { allowedTransitionsFor } from './case-workflow';

export interface CaseView {
  id: string;
  reference: string;
  status: CaseStatus;
  version: number;
  memberId: string;
  member: MemberView;
  actionType: string;
  actionDate: string;
  notifiedAt: string;
  appealDeadline: string;
  issuingBody: string | null;
  externalReference: string | null;
  allegations: string[];
  summary: string | null;
  priority: string;
  tags: string[];
  assigneeId: string | null;
  coordinatorId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** What the caller may move the case to next. */
  allowedTransitions: CaseStatus[];
}

export function toCaseView(c: Case, member: Member, role: Role): CaseView {
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
