import {
  csrfTokenFor,
  csrfTokenMatches,
  hashSessionToken,
  isCrossSite,
  isSameOrigin,
  newSessionToken,
  ownOrigins,
  readSessionCookie,
  sessionCookieName,
  sessionExpiry,
  shouldTouch,
} from './session-rules';

const LIMITS = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 };
const at = (iso: string) => new Date(iso);

describe(sessionCookieName.name, () => {
  it('uses the __Host- prefix over HTTPS only', () => {
    expect(sessionCookieName(true)).toBe('__Host-caseline_session');
    expect(sessionCookieName(false)).toBe('caseline_session');
  });
});

describe(readSessionCookie.name, () => {
  const token = newSessionToken();
  it('finds the named cookie among others', () => {
    expect(readSessionCookie(`a=1; caseline_session=${token}; b=2`, 'caseline_session')).toBe(token);
  });
  it('ignores a cookie of another name, including the unprefixed one over HTTPS', () => {
    expect(readSessionCookie(`caseline_session=${token}`, '__Host-caseline_session')).toBeUndefined();
    expect(readSessionCookie(`xcaseline_session=${token}`, 'caseline_session')).toBeUndefined();
  });
  it('ignores values that are not session tokens', () => {
    expect(readSessionCookie('caseline_session=abc', 'caseline_session')).toBeUndefined();
    expect(readSessionCookie(undefined, 'caseline_session')).toBeUndefined();
  });
});

describe('session tokens', () => {
  it('are random and stored as a SHA-256 hex digest', () => {
    const a = newSessionToken();
    expect(a).not.toBe(newSessionToken());
    expect(hashSessionToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(a)).not.toContain(a);
  });
});

describe(csrfTokenFor.name, () => {
  it('is bound to the session and the secret', () => {
    const t = newSessionToken();
    expect(csrfTokenFor('s', t)).toBe(csrfTokenFor('s', t));
    expect(csrfTokenFor('s', t)).not.toBe(csrfTokenFor('s', newSessionToken()));
    expect(csrfTokenFor('s', t)).not.toBe(csrfTokenFor('other', t));
  });
});

describe(csrfTokenMatches.name, () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['abc', '', false],
    ['abc', undefined, false],
    ['abc', ['abc'], false],
  ])('%p against %p: %p', (expected, given, result) => {
    expect(csrfTokenMatches(expected, given as string | string[] | undefined)).toBe(result);
  });
});

describe(sessionExpiry.name, () => {
  const created = at('2026-01-01T08:00:00Z');
  it.each([
    ['used a minute ago', '2026-01-01T09:00:00Z', '2026-01-01T09:01:00Z', null],
    ['idle for exactly the idle time', '2026-01-01T09:00:00Z', '2026-01-01T09:30:00Z', 'idle'],
    ['busy but past the absolute limit', '2026-01-01T19:59:00Z', '2026-01-01T20:00:00Z', 'absolute'],
    ['idle and past the absolute limit', '2026-01-01T09:00:00Z', '2026-01-01T21:00:00Z', 'absolute'],
  ])('%s: %p', (_, lastSeen, now, expected) => {
    expect(sessionExpiry({ createdAt: created, lastSeenAt: at(lastSeen) }, at(now), LIMITS)).toBe(expected);
  });
});

describe(shouldTouch.name, () => {
  it('moves the last use at most once a minute', () => {
    const last = at('2026-01-01T09:00:00Z');
    expect(shouldTouch(last, at('2026-01-01T09:00:59Z'), LIMITS)).toBe(false);
    expect(shouldTouch(last, at('2026-01-01T09:01:00Z'), LIMITS)).toBe(true);
  });
  it('more often when the idle time is short', () => {
    const last = at('2026-01-01T09:00:00Z');
    expect(shouldTouch(last, at('2026-01-01T09:00:06Z'), { idleMs: 60_000, maxMs: 3_600_000 })).toBe(true);
  });
});

describe(isSameOrigin.name, () => {
  const origins = ownOrigins('https://caseline.example.org', 'http', 'localhost:3000');
  it.each([
    [{ origin: 'https://caseline.example.org' }, true],
    [{ origin: 'http://localhost:3000' }, true],
    [{ origin: 'HTTPS://CASELINE.EXAMPLE.ORG' }, true],
    [{ secFetchSite: 'same-origin' }, true],
    [{ origin: 'https://caseline.example.org', secFetchSite: 'same-origin' }, true],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'null' }, false],
    [{ origin: 'https://evil.example', secFetchSite: 'same-origin' }, false],
    [{ origin: 'https://caseline.example.org', secFetchSite: 'cross-site' }, false],
    [{ secFetchSite: 'same-site' }, false],
    [{ secFetchSite: 'none' }, false],
    [{}, false],
  ])('%p: %p', (headers, expected) => {
    expect(isSameOrigin(headers, origins)).toBe(expected);
  });
});

describe(isCrossSite.name, () => {
  const origins = ownOrigins(undefined, 'http', 'localhost:3000');
  it.each([
    [{}, false],
    [{ origin: 'http://localhost:3000' }, false],
    [{ secFetchSite: 'none' }, false],
    [{ secFetchSite: 'same-origin' }, false],
    [{ origin: 'http://localhost:4000' }, true],
    [{ secFetchSite: 'cross-site' }, true],
    [{ secFetchSite: 'same-site' }, true],
  ])('%p: %p', (headers, expected) => {
    expect(isCrossSite(headers, origins)).toBe(expected);
  });
});
