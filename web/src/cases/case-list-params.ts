import { ACTION_TYPES, CASE_STATUSES, type ActionType, type CaseStatus } from '../api/types';

/** GET /api/cases's sorts (CaseQueryDto): a field, descending with a leading "-". */
export const CASE_SORTS = [
  'updatedAt',
  '-updatedAt',
  'reference',
  '-reference',
  'appealDeadline',
  '-appealDeadline',
  'actionDate',
  '-actionDate',
] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export const DEFAULT_SORT: CaseSort = '-updatedAt';
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_LIMIT = 50;

/** The case list's filters, sort and page: all of it lives in the URL's search params. */
export interface CaseListQuery {
  status: CaseStatus[];
  actionType: ActionType[];
  region?: string;
  constituencyParty?: string;
  assigneeId?: string;
  q?: string;
  deadlineBefore?: string;
  sort: CaseSort;
  page: number;
  limit: number;
}

const TEXT_FILTERS = ['region', 'constituencyParty', 'assigneeId', 'q', 'deadlineBefore'] as const;

function oneOf<T extends string>(values: readonly T[], v: string | null): v is T {
  return v !== null && (values as readonly string[]).includes(v);
}

function positiveInt(v: string | null): number | undefined {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** Reads the URL; what it cannot understand falls back to the default (a hand-edited link still opens). */
export function parseCaseListParams(params: URLSearchParams): CaseListQuery {
  const query: CaseListQuery = {
    status: params.getAll('status').filter((v): v is CaseStatus => oneOf(CASE_STATUSES, v)),
    actionType: params.getAll('actionType').filter((v): v is ActionType => oneOf(ACTION_TYPES, v)),
    sort: oneOf(CASE_SORTS, params.get('sort')) ? (params.get('sort') as CaseSort) : DEFAULT_SORT,
    page: positiveInt(params.get('page')) ?? 1,
    limit: oneOf(PAGE_SIZES.map(String), params.get('limit')) ? Number(params.get('limit')) : DEFAULT_LIMIT,
  };
  for (const key of TEXT_FILTERS) {
    const v = params.get(key)?.trim();
    if (v) query[key] = v;
  }
  return query;
}

/** Writes the URL: defaults are left out, so the plain /cases stays plain. */
export function toCaseListParams(query: CaseListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const s of query.status) params.append('status', s);
  for (const a of query.actionType) params.append('actionType', a);
  for (const key of TEXT_FILTERS) {
    const v = query[key]?.trim();
    if (v) params.set(key, v);
  }
  if (query.sort !== DEFAULT_SORT) params.set('sort', query.sort);
  if (query.limit !== DEFAULT_LIMIT) params.set('limit', String(query.limit));
  if (query.page !== 1) params.set('page', String(query.page));
  return params;
}

/** A change of filter or sort goes back to the first page; a change of page keeps the rest. */
export function withChange(query: CaseListQuery, change: Partial<CaseListQuery>): CaseListQuery {
  const next = { ...query, ...change };
  if (!('page' in change)) next.page = 1;
  return next;
}

/** The next sort when a column's header is pressed: ascending first, then descending. */
export function nextSort(current: CaseSort, field: string): CaseSort {
  const next = current === field ? `-${field}` : field;
  return oneOf(CASE_SORTS, next) ? next : DEFAULT_SORT;
}

export type DeadlineMark = 'overdue' | 'due soon' | null;

/** Before an appeal is lodged, a deadline that has passed is overdue; within 7 days it is due soon. */
const APPEAL_NOT_YET_LODGED: readonly CaseStatus[] = ['intake', 'gathering_evidence'];

/** `today` is YYYY-MM-DD (the user's local date); appeal deadlines are calendar dates. */
export function deadlineMark(status: CaseStatus, appealDeadline: string, today: string): DeadlineMark {
  if (!APPEAL_NOT_YET_LODGED.includes(status)) return null;
  const deadline = appealDeadline.slice(0, 10);
  if (deadline < today) return 'overdue';
  const days = (Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return days <= 7 ? 'due soon' : null;
}

/** `?assigneeId=all` in the URL: everyone's cases (a caseworker's list without it shows their own). */
export const ANY_ASSIGNEE = 'all';

/** The assignee filter to ask the API for: a caseworker sees their own cases first, unless the URL says otherwise. */
export function assigneeFilter(
  fromUrl: string | undefined,
  me: { id: string; role: string },
): string | undefined {
  if (fromUrl === ANY_ASSIGNEE) return undefined;
  if (fromUrl) return fromUrl;
  return me.role === 'caseworker' ? me.id : undefined;
}
