/**
 * Answers of the case page's routes, as the server sends them today (their controllers declare no
 * response DTOs yet, so schema.d.ts types them as unknown).
 * TODO(openapi): replace with `components['schemas'][...]` once the server declares them.
 */
import type { ActionType, CaseStatus, MemberView } from './types';

export type AppealOutcome = 'pending' | 'allowed' | 'dismissed' | 'withdrawn';

export interface AppealView {
  id: string;
  caseId: string;
  lodgedAt: string;
  body: string;
  grounds: string | null;
  hearingAt: string | null;
  outcome: AppealOutcome;
  decidedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const EVENT_TYPES = [
  'action_taken',
  'notified',
  'status_changed',
  'appeal_lodged',
  'hearing',
  'decision',
  'evidence_added',
  'correspondence',
  'meeting',
  'media',
  'note',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** The types a person may write (the others are written by the workflow and uploads). */
export const MANUAL_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== 'status_changed' && t !== 'evidence_added');

export const PRECISIONS = ['exact', 'day', 'month', 'year'] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface TimelineEventView {
  id: string;
  caseId: string;
  type: EventType;
  occurredAt: string;
  precision: Precision;
  title: string;
  description: string | null;
  source: string | null;
  evidenceIds: string[];
  recordedAt: string;
  recordedBy: string;
  supersedes: string | null;
  supersededBy: string | null;
}

export interface EvidenceView {
  id: string;
  caseId: string;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  description: string | null;
  source: string | null;
  obtainedAt: string | null;
  uploadedBy: string;
  uploadedAt: string;
  deletedAt: string | null;
}

export interface CustodyEntry {
  id: number;
  evidenceId: string;
  action: string;
  actorId: string | null;
  at: string;
  sha256: string | null;
  note: string | null;
}

export interface VerificationResult {
  ok: boolean;
  sha256: string | null;
  expectedSha256: string;
  checkedAt: string;
  reason?: 'mismatch' | 'missing';
}

export type ReminderStatus = 'scheduled' | 'sent' | 'failed' | 'cancelled';
export type ReminderKind = 'appeal_deadline' | 'hearing' | 'follow_up' | 'custom';
export type Channel = 'inapp' | 'email' | 'webhook';

export interface ReminderView {
  id: string;
  caseId: string;
  kind: ReminderKind;
  message: string;
  channels: Channel[];
  recipientIds: string[];
  dueAt: string;
  status: ReminderStatus;
  automatic: boolean;
  sentAt: string | null;
  cancelledAt: string | null;
}

export interface TransitionView {
  id: string;
  caseId: string;
  from: CaseStatus;
  to: CaseStatus;
  actorId: string;
  occurredAt: string;
  recordedAt: string;
  reason: string | null;
  note: string | null;
}

export interface NotificationView {
  id: string;
  kind: string;
  message: string;
  caseId: string | null;
  caseReference: string | null;
  reminderId: string | null;
  createdAt: string;
  readAt: string | null;
  read: boolean;
}

export interface MemberDetail extends MemberView {
  cases: {
    id: string;
    reference: string;
    actionType: ActionType;
    actionDate: string;
    status: CaseStatus;
    appealDeadline: string;
  }[];
}
