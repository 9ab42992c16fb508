import { ACTION_TYPES, CASE_STATUSES, type ActionType, type CaseStatus } from '../api/types';

/**
 * The case filters that statistics and exports share (the API's CaseFiltersDto), plus a date range
 * (from/to: the action date for statistics, the event's date for exports). They live in the URL.
 */
export interface CaseFilters {
  status: CaseStatus[];
  actionType: ActionType[];
  region?: string;
  constituencyParty?: string;
  issuingBody?: string;
  from?: string;
  to?: string;
}

export const TEXT_FILTERS = ['region', 'constituencyParty', 'issuingBody', 'from', 'to'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], v: string): v is T {
  return (values as readonly string[]).includes(v);
}

/** Reads the URL; values it cannot understand are left out (a hand-edited link still opens). */
export function parseCaseFilters(params: URLSearchParams): CaseFilters {
  const filters: CaseFilters = {
    status: params.getAll('status').filter((v): v is CaseStatus => oneOf(CASE_STATUSES, v)),
    actionType: params.getAll('actionType').filter((v): v is ActionType => oneOf(ACTION_TYPES, v)),
  };
  for (const key of TEXT_FILTERS) {
    const v = params.get(key)?.trim();
    if (v && (key !== 'from' && key !== 'to' ? true : DATE.test(v))) filters[key] = v;
  }
  return filters;
}

/** Writes the filters into `params` (other keys kept), leaving out what is empty. */
export function writeCaseFilters(filters: CaseFilters, params = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['status', 'actionType', ...TEXT_FILTERS]) next.delete(key);
  for (const s of filters.status) next.append('status', s);
  for (const a of filters.actionType) next.append('actionType', a);
  for (const key of TEXT_FILTERS) {
    const v = filters[key]?.trim();
    if (v) next.set(key, v);
  }
  return next;
}

/** The filters as the API's query takes them: empty lists and blanks left out. */
export function apiFilters(filters: CaseFilters): Partial<CaseFilters> {
  const out: Partial<CaseFilters> = {};
  if (filters.status.length) out.status = filters.status;
  if (filters.actionType.length) out.actionType = filters.actionType;
  for (const key of TEXT_FILTERS) if (filters[key]) out[key] = filters[key];
  return out;
}
