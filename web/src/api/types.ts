import type { components } from './schema';

/**
 * Names for the generated response types (schema.d.ts, from the server's OpenAPI document) that
 * screens use, and the enum values the screens offer as choices. No shape is written by hand here:
 * a field the server renames breaks the web build.
 */
type Schemas = components['schemas'];

export type Role = Schemas['UserViewDto']['role'];
export type CaseStatus = Schemas['CaseStatus'];
export type ActionType = Schemas['ActionType'];
export type Priority = Schemas['Priority'];

/** Every value of a generated union, in the order the screens list them (checked both ways). */
export const allOf =
  <T extends string>() =>
  <L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'misses a value')) =>
    list;

export const CASE_STATUSES = allOf<CaseStatus>()([
  'intake',
  'gathering_evidence',
  'appeal_lodged',
  'hearing_scheduled',
  'awaiting_decision',
  'upheld',
  'escalated',
  'closed',
  'reinstated',
] as const);
export const ACTION_TYPES = allOf<ActionType>()([
  'administrative_suspension',
  'suspension',
  'auto_exclusion',
  'expulsion',
] as const);

export const PRIORITIES = allOf<Priority>()(['low', 'normal', 'high', 'urgent'] as const);

export type MemberView = Schemas['MemberResponseDto'];
export type MemberMatchView = Schemas['MemberMatchDto'];
export type MatchReason = Schemas['MatchReason'];
export type CaseView = Schemas['CaseResponseDto'];
