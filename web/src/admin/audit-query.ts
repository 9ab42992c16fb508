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

/**
 * The actions the server writes, offered as suggestions in the Action filter (typing another
 * still works: the filter is the server's exact match). access.denied first: refused requests.
 */
export const KNOWN_ACTIONS = [
  'access.denied',
  'appeal.create',
  'appeal.update',
  'auth.login',
  'auth.login.failed',
  'auth.session.expired',
  'auth.session.signin',
  'auth.session.signout',
  'calendar.feed',
  'calendar.token.rotate',
  'case.create',
  'case.list',
  'case.read',
  'case.transition',
  'case.update',
  'demo.seed',
  'demo.seed.activity',
  'evidence.delete',
  'evidence.download',
  'evidence.read',
  'evidence.upload',
  'evidence.verify',
  'export.completed',
  'export.downloaded',
  'export.failed',
  'export.file_deleted',
  'export.proofs_downloaded',
  'export.requested',
  'export.timeline',
  'member.create',
  'member.list',
  'member.match',
  'member.merge',
  'member.read',
  'member.update',
  'notification.read',
  'queue.retry_failed',
  'reminder.auto',
  'reminder.cancel',
  'reminder.create',
  'reminder.failed',
  'reminder.follow_up',
  'reminder.list',
  'reminder.read',
  'reminder.sent',
  'reminder.update',
  'timeline.correct',
  'timeline.create',
  'timeline.read',
  'user.bootstrap_admin',
  'user.create',
  'user.password.change',
  'user.password.reset',
  'user.update',
] as const;

/** An entry's details in words where a reader needs them (a refused request), else its JSON. */
export function detailsText(action: string, details: Record<string, unknown>): string {
  if (action === 'access.denied' && typeof details.route === 'string') {
    const how = [details.status, details.code].filter((v) => v !== undefined && v !== null).join(' ');
    return `Refused${how ? ` (${how})` : ''}: ${details.route}`;
  }
  return JSON.stringify(details);
}
