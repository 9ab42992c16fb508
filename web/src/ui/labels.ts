import type { ActionType, CaseStatus, MatchReason, Priority, Role } from '../api/types';

/** The users' words for the API's codes. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  intake: 'Intake',
  gathering_evidence: 'Gathering evidence',
  appeal_lodged: 'Appeal lodged',
  hearing_scheduled: 'Hearing scheduled',
  awaiting_decision: 'Awaiting decision',
  upheld: 'Upheld',
  escalated: 'Escalated',
  closed: 'Closed',
  reinstated: 'Reinstated',
};

export const ACTION_LABELS: Record<ActionType, string> = {
  administrative_suspension: 'Administrative suspension',
  suspension: 'Suspension',
  auto_exclusion: 'Auto-exclusion',
  expulsion: 'Expulsion',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** Why a stored member may be the person being typed in, as the caseworker reads it. */
export const MATCH_REASON_LABELS: Record<MatchReason, string> = {
  same_membership_number: 'same membership number',
  same_email: 'same email',
  same_phone: 'same phone',
  same_name: 'same name',
  nickname: 'short form of the name',
  initial: 'initial of the name',
  similar_name: 'similar name',
  alias: 'a name they are also known by',
  same_constituency: 'same constituency party',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  caseworker: 'Caseworker',
  coordinator: 'Coordinator',
  researcher: 'Researcher',
};

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

/** 6 Dec 2026 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
