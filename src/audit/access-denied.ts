/**
 * Refused access is audited: which refusals count, and what their entry says. Pure.
 *
 * Every 403 counts (a role refused, a route open to no role, a cookie change without its CSRF
 * token, a one-time password not yet changed, a researcher asking for names), and every 404 that
 * hides a record the caller may not read (a DomainError with deniedTarget). A plain "no such
 * record" 404 does not: nothing was refused.
 */
import { DomainError } from '../http/domain-error';

export const ACCESS_DENIED = 'access.denied';

export interface AccessDenial {
  actorId: string | null;
  /** The route pattern ("GET /api/cases/:id"), never the URL as sent: no ids, no query, no personal data. */
  route: string;
  targetId: string | null;
  targetType: string | null;
  status: number;
  code: string | null;
  /** The minute it happened, 2026-12-06T09:41 (UTC): at most one entry per actor, route and minute. */
  minute: string;
}

/** The record kind a route's :id names, as the audit trail's entityType elsewhere spells it. */
const TARGET_TYPES: Record<string, string> = {
  appeals: 'appeal',
  cases: 'case',
  events: 'timeline_event',
  evidence: 'evidence',
  exports: 'export',
  members: 'member',
  notifications: 'notification',
  reminders: 'reminder',
  users: 'user',
  sessions: 'session',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RefusedRequest {
  method: string;
  /** The matched route's path pattern (express req.route.path), absent when no route matched. */
  routePath?: string;
  params?: Record<string, string | undefined>;
  userId?: string | null;
}

export function minuteOf(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/** The access.denied entry a refusal calls for, or null when the answer was no refusal of access. */
export function accessDenialOf(
  req: RefusedRequest,
  status: number,
  exception: unknown,
  now: Date = new Date(),
): AccessDenial | null {
  const hidden = exception instanceof DomainError ? exception.deniedTarget : undefined;
  if (status !== 403 && !(status === 404 && hidden)) return null;
  const route = `${req.method.toUpperCase()} ${req.routePath ?? '(no route)'}`;
  // A target is an id the route names: from the hidden record, else the path's :id when it is one
  // (a malformed id is refused as 400 before anything else, but a guard runs before the pipes).
  const fromPath = req.params?.id && UUID.test(req.params.id) ? req.params.id : null;
  const targetId = hidden ?? fromPath;
  const segment = /\/([a-z-]+)\/:id(?:\/|$)/.exec(req.routePath ?? '')?.[1];
  return {
    actorId: req.userId ?? null,
    route,
    targetId,
    targetType: targetId && segment ? (TARGET_TYPES[segment] ?? null) : null,
    status,
    code: exception instanceof DomainError ? exception.code : null,
    minute: minuteOf(now),
  };
}

/** The key of the one entry a minute may hold. */
export function denialKey(d: Pick<AccessDenial, 'actorId' | 'route' | 'minute'>): string {
  return `${d.actorId ?? '-'} ${d.route} ${d.minute}`;
}

/** The entry's details: what was refused and how (no personal data: a route pattern, a status, a code). */
export function denialDetails(d: AccessDenial): Record<string, unknown> {
  return { route: d.route, status: d.status, ...(d.code ? { code: d.code } : {}), minute: d.minute };
}
