/**
 * Response shapes the server sends today. Most controllers do not yet declare response DTOs, so the
 * generated schema (schema.d.ts) types their answers as unknown; these hand-written shapes stand in.
 * TODO(openapi): replace each with `components['schemas'][...]` from schema.d.ts once the server's
 * controllers return response DTOs and the schema is regenerated (`npm run api:generate`).
 */

export type Role = 'admin' | 'caseworker' | 'coordinator' | 'researcher';

export const CASE_STATUSES = [
  'intake',
  'gathering_evidence',
  'appeal_lodged',
  'hearing_scheduled',
  'awaiting_decision',
  'upheld',
  'escalated',
  'closed',
  'reinstated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ACTION_TYPES = [
  'administrative_suspension',
  'suspension',
  'auto_exclusion',
  'expulsion',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface MemberView {
  id: string;
  fullName: string;
  membershipNumber: string | null;
  email: string | null;
  phone: string | null;
  constituencyParty: string | null;
  region: string | null;
  consentToContact: boolean;
  consentToResearch: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CaseView {
  id: string;
  reference: string;
  status: CaseStatus;
  version: number;
  memberId: string;
  member: MemberView;
  actionType: ActionType;
  actionDate: string;
  notifiedAt: string;
  appealDeadline: string;
  issuingBody: string | null;
  externalReference: string | null;
  allegations: string[];
  summary: string | null;
  priority: Priority;
  tags: string[];
  assigneeId: string | null;
  coordinatorId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  allowedTransitions: CaseStatus[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface NotificationPage<T = unknown> extends Page<T> {
  unread: number;
}

/** The server's error body: {statusCode, message, error, code?, ...details}. */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  code?: string;
  [extra: string]: unknown;
}
