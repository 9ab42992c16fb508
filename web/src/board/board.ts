import { CASE_STATUSES, PRIORITIES, type CaseStatus, type CaseView, type Priority } from '../api/types';
import { transitionInputs } from '../cases/case-page';

/** Final statuses: their columns start collapsed and their cases are loaded only when shown. */
export const FINAL_STATUSES: readonly CaseStatus[] = ['reinstated', 'closed'];
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
/** The board's columns, in the workflow's order. */
export const BOARD_COLUMNS: readonly CaseStatus[] = CASE_STATUSES;

/** The board's filters, all in the URL. Assignee and region go to the API; priority and tag are applied here. */
export interface BoardFilters {
  assigneeId?: string;
  region?: string;
  priority?: Priority;
  tag?: string;
}

const KEYS = ['assigneeId', 'region', 'priority', 'tag'] as const;

export function parseBoardParams(params: URLSearchParams): BoardFilters {
  const f: BoardFilters = {};
  for (const key of KEYS) {
    const v = params.get(key)?.trim();
    if (!v) continue;
    if (key === 'priority') {
      if ((PRIORITIES as readonly string[]).includes(v)) f.priority = v as Priority;
    } else f[key] = v;
  }
  return f;
}

export function toBoardParams(f: BoardFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const v = f[key]?.trim();
    if (v) params.set(key, v);
  }
  return params;
}

/** The filters the API applies (GET /api/cases): the rest are applied to the loaded cards. */
export function apiFilters(f: BoardFilters): { assigneeId?: string; region?: string } {
  return { assigneeId: f.assigneeId, region: f.region };
}

export function matchesBoardFilters(c: CaseView, f: BoardFilters): boolean {
  if (f.priority && c.priority !== f.priority) return false;
  if (f.tag && !c.tags.some((t) => t.toLowerCase() === f.tag!.toLowerCase())) return false;
  return true;
}

/** The cards of each column, in the order given (the API's: nearest appeal deadline first). */
export function groupByStatus(cases: readonly CaseView[]): Record<CaseStatus, CaseView[]> {
  const columns = Object.fromEntries(CASE_STATUSES.map((s) => [s, [] as CaseView[]])) as Record<
    CaseStatus,
    CaseView[]
  >;
  for (const c of cases) columns[c.status].push(c);
  return columns;
}

/**
 * What dropping (or choosing) `to` does with a card: nothing when it stays; refused when the
 * server does not allow that move for this case (no request is sent); the move's dialog when its
 * guard needs something (appeal, hearing date, decision date, reason); otherwise moved at once.
 */
export type MoveKind = 'none' | 'refused' | 'dialog' | 'direct';

export function moveKind(c: Pick<CaseView, 'status' | 'allowedTransitions'>, to: CaseStatus): MoveKind {
  if (to === c.status) return 'none';
  if (!c.allowedTransitions.includes(to)) return 'refused';
  const needs = transitionInputs(c.status, to);
  return needs.pendingAppeal || needs.hearingDate || needs.decisionDate || needs.reason ? 'dialog' : 'direct';
}

/** Cards shown at first in a column, and how many more "Show more" adds. */
export const COLUMN_PAGE = 30;
