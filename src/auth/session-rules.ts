import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The browser session's rules, as plain functions: its cookie, its lifetime, and the checks a
 * cookie-authenticated change must pass (CSRF token and origin).
 */

export const SESSION_COOKIE = 'caseline_session';
/**
 * Over HTTPS the cookie carries the __Host- prefix: the browser then keeps it only if it is
 * Secure, has Path=/ and no Domain, so no sibling host or plain-HTTP page can plant or shadow it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Methods that change nothing: they need no CSRF token. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 32 random bytes, base64url: the cookie's value. Only its SHA-256 is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The value of cookie `name` in a Cookie header, when it has the shape of a session token. */
export function readSessionCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    if (TOKEN_SHAPE.test(value)) return value;
  }
  return undefined;
}

/**
 * The CSRF token of a session: an HMAC of its token under the server's secret. Bound to that one
 * session, never stored, and useless without the cookie it derives from.
 */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

/** Constant-time comparison (of digests, so the lengths always match). */
export function csrfTokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || !given) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given)) && expected.length === given.length;
}

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

export function sessionLimits(config: {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}): SessionLimits {
  return { idleMs: config.sessionIdleMinutes * 60_000, maxMs: config.sessionMaxHours * 3_600_000 };
}

export type SessionEnd = 'signed_out' | 'idle' | 'absolute' | 'password_changed' | 'password_reset';

/** Why a live session is over at `now`, or null while it may be used. */
export function sessionExpiry(
  session: { createdAt: Date; lastSeenAt: Date },
  now: Date,
  limits: SessionLimits,
): 'idle' | 'absolute' | null {
  if (now.getTime() - session.createdAt.getTime() >= limits.maxMs) return 'absolute';
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs) return 'idle';
  return null;
}

/**
 * Whether a request should move the session's last use forward. Not on every request (a write
 * each): once a minute at most, or a tenth of the idle time when that is shorter, so a session
 * lives at least 90 % of the idle time after its last request.
 */
export function shouldTouch(lastSeenAt: Date, now: Date, limits: SessionLimits): boolean {
  return now.getTime() - lastSeenAt.getTime() >= Math.min(60_000, limits.idleMs / 10);
}

/** The origins the app itself is served from: PUBLIC_URL's, and the one the request was addressed to. */
export function ownOrigins(
  publicUrl: string | undefined,
  protocol: string,
  host: string | undefined,
): string[] {
  const origins: string[] = [];
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  if (host) origins.push(`${protocol}://${host}`.toLowerCase());
  return origins;
}

/**
 * Whether a change came from a page of the app itself. An explicit `Sec-Fetch-Site` other than
 * same-origin refuses it; otherwise it needs an `Origin` of the app, or, where the browser sent no
 * Origin, `Sec-Fetch-Site: same-origin`.
 */
export function isSameOrigin(
  headers: { origin?: string; secFetchSite?: string },
  origins: string[],
): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site !== undefined && site !== 'same-origin') return false;
  if (headers.origin !== undefined) return origins.includes(headers.origin.toLowerCase());
  return site === 'same-origin';
}

/**
 * For sign-in, which no cookie authenticates: refused only when the browser says the form came
 * from another site (API clients send neither header), so no other site can sign a browser in
 * to an account of its choosing.
 */
export function isCrossSite(headers: { origin?: string; secFetchSite?: string }, origins: string[]): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  return headers.origin !== undefined && !origins.includes(headers.origin.toLowerCase());
}

/** The cookie's attributes (also to clear it: a browser matches name, path and flags). */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure };
}
