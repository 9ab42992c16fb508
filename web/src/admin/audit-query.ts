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

/** The chain check and the verifiable log's check, in words. */
export function chainVerdict(check: ChainCheck): string {
  const n = check.entries.toLocaleString('en-GB');
  const chain =
    check.firstBrokenId === null
      ? `The chain is whole: all ${n} entries link to the one before and match their hashes.`
      : `The chain is broken at entry ${check.firstBrokenId} (${n} entries checked): an entry was changed or deleted.`;
  const { log } = check;
  const leaves = log.size.toLocaleString('en-GB');
  const first = log.problems[0];
  const record = log.ok
    ? `Every one of the ${leaves} records in the verifiable log derives from the record as stored, and the log matches its signed checkpoints.`
    : first
      ? `The verifiable log shows ${log.problemCount} problem${log.problemCount === 1 ? '' : 's'}; the first: ${first.detail}${first.leafIndex === null ? '' : ` (leaf ${first.leafIndex})`}.`
      : 'The verifiable log no longer matches its signed checkpoints.';
  return `${chain} ${record}`;
}
