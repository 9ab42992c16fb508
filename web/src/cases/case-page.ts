import type { CaseStatus, CaseView } from '../api/types';

/** "due in 5 days", "due today", "overdue by 2 days": the appeal deadline against today (both YYYY-MM-DD). */
export function deadlineCountdown(deadline: string, today: string): string {
  const days = Math.round(
    (Date.parse(`${deadline.slice(0, 10)}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  const n = (d: number) => `${d} ${d === 1 ? 'day' : 'days'}`;
  if (days === 0) return 'due today';
  return days > 0 ? `due in ${n(days)}` : `overdue by ${n(-days)}`;
}

/**
 * What the dialog of a move asks for, so the request carries what the server's guard for that
 * move looks at (PRODUCT.md's workflow; the server still decides and its 422 is shown as said).
 */
export interface TransitionInputs {
  /** appeal_lodged and hearing_scheduled look at the pending appeal (recorded first when there is none). */
  pendingAppeal: boolean;
  /** hearing_scheduled: the pending appeal's hearingAt. */
  hearingDate: boolean;
  /** reinstated and upheld: occurredAt. */
  decisionDate: boolean;
  /** closing, and reopening a closed case. */
  reason: boolean;
}

export function transitionInputs(from: CaseStatus, to: CaseStatus): TransitionInputs {
  return {
    pendingAppeal: to === 'appeal_lodged' || to === 'hearing_scheduled',
    hearingDate: to === 'hearing_scheduled',
    decisionDate: to === 'reinstated' || to === 'upheld',
    reason: to === 'closed' || (from === 'closed' && to === 'gathering_evidence'),
  };
}

/** The action's words for a move (a button): "Reopen" for closed → gathering evidence. */
export function transitionVerb(from: CaseStatus, to: CaseStatus, statusLabel: string): string {
  if (from === 'closed') return 'Reopen the case';
  if (to === 'closed') return 'Close the case';
  return `Move to ${statusLabel}`;
}

/** The case fields a caseworker edits, as the form holds them. */
export interface CaseEditValues {
  actionType: string;
  actionDate: string;
  notifiedAt: string;
  issuingBody: string;
  externalReference: string;
  /** One allegation a line. */
  allegations: string;
  summary: string;
  priority: string;
  tags: string[];
  assigneeId: string | null;
  coordinatorId: string | null;
}
export type CaseEditField = keyof CaseEditValues;

export const CASE_EDIT_LABELS: Record<CaseEditField, string> = {
  actionType: 'Action type',
  actionDate: 'Action date',
  notifiedAt: 'Notified on',
  issuingBody: 'Issuing body',
  externalReference: 'External reference',
  allegations: 'Allegations',
  summary: 'Summary',
  priority: 'Priority',
  tags: 'Tags',
  assigneeId: 'Assignee',
  coordinatorId: 'Coordinator',
};
const FIELDS = Object.keys(CASE_EDIT_LABELS) as CaseEditField[];

export function editValuesOf(c: CaseView): CaseEditValues {
  return {
    actionType: c.actionType,
    actionDate: c.actionDate,
    notifiedAt: c.notifiedAt,
    issuingBody: c.issuingBody ?? '',
    externalReference: c.externalReference ?? '',
    allegations: c.allegations.join('\n'),
    summary: c.summary ?? '',
    priority: c.priority,
    tags: c.tags,
    assigneeId: c.assigneeId,
    coordinatorId: c.coordinatorId,
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A field's value as the API takes it. */
function apiValue(field: CaseEditField, v: CaseEditValues): unknown {
  switch (field) {
    case 'allegations':
      return lines(v.allegations);
    case 'issuingBody':
    case 'externalReference':
      return v[field].trim();
    default:
      return v[field];
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields `draft` changes from `base`, with their API values (what PATCH sends besides version). */
export function casePatch(
  base: CaseEditValues,
  draft: CaseEditValues,
): Partial<Record<CaseEditField, unknown>> {
  const patch: Partial<Record<CaseEditField, unknown>> = {};
  for (const f of FIELDS) {
    const value = apiValue(f, draft);
    if (!same(apiValue(f, base), value)) patch[f] = value;
  }
  return patch;
}

export interface StaleRow {
  field: CaseEditField;
  /** What you typed (undefined: you did not change this field). */
  yours?: unknown;
  /** What is saved now. */
  theirs: unknown;
  /** Saved meanwhile by someone else (it differs from what you opened). */
  changedByOthers: boolean;
}

/**
 * After a 409: field by field, what you changed and what someone else saved meanwhile — every
 * field that either of you changed since `base` (the version you opened).
 */
export function staleRows(base: CaseEditValues, draft: CaseEditValues, theirs: CaseEditValues): StaleRow[] {
  const mine = casePatch(base, draft);
  const others = casePatch(base, theirs);
  return FIELDS.filter((f) => f in mine || f in others).map((f) => ({
    field: f,
    ...(f in mine ? { yours: mine[f] } : {}),
    theirs: apiValue(f, theirs),
    changedByOthers: f in others,
  }));
}
