import type { AuditQuery, ChainCheck } from '../api/admin';

export const PAGE_SIZE = 50;
export const FILTER_KEYS = ['actorId', 'action', 'entityType', 'entityId', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The audit query the URL asks for: its filters as given, its page if a whole number ≥ 1. */
export function auditQueryOf(params: URLSearchParams): AuditQuery {
  const query: AuditQuery = { limit: PAGE_SIZE };
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) query[k] = v;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) query.page = page;
  return query;
}

/** The chain check in words. */
export function chainVerdict(check: ChainCheck): string {
  const n = check.entries.toLocaleString('en-GB');
  if (check.ok) return `The chain is whole: all ${n} entries link to the one before and match their hashes.`;
  return `The chain is broken at entry ${check.firstBrokenId ?? '?'} (${n} entries checked): an entry was changed or deleted.`;
}
