// Nest's own exceptions stand in as plain errors: the rule looks at the status and DomainError only.
class ForbiddenException extends Error {}
class NotFoundException extends Error {}
import { DomainError, hiddenFromCaller, notFound } from '../http/domain-error';
import { accessDenialOf, denialDetails, denialKey, minuteOf } from './access-denied';

const NOW = new Date('2026-12-06T09:41:27.123Z');
const ID = '0b6f7c3e-2f7a-4a39-9d43-5a1f2b7c9e10';
const USER = '7d1c2b3a-0000-4000-8000-000000000001';

describe(accessDenialOf.name, () => {
  const req = { method: 'get', routePath: '/api/cases/:id', params: { id: ID }, userId: USER };

  it('records a role refused (403) with the route pattern and the target', () => {
    expect(accessDenialOf(req, 403, new ForbiddenException('Your role'), NOW)).toEqual({
      actorId: USER,
      route: 'GET /api/cases/:id',
      targetId: ID,
      targetType: 'case',
      status: 403,
      code: null,
      minute: '2026-12-06T09:41',
    });
  });

  it('records a coded 403 (CSRF, one-time password) with its code', () => {
    const d = accessDenialOf(
      { method: 'POST', routePath: '/api/cases/:id/events', params: { id: ID }, userId: USER },
      403,
      new DomainError('CSRF_REJECTED', 'no token'),
      NOW,
    );
    expect(d).toMatchObject({
      route: 'POST /api/cases/:id/events',
      targetType: 'case',
      code: 'CSRF_REJECTED',
    });
  });

  it('records a 404 that hides a record the caller may not read', () => {
    const d = accessDenialOf(
      { method: 'GET', routePath: '/api/exports/:id', params: { id: ID }, userId: USER },
      404,
      hiddenFromCaller('Export', ID),
      NOW,
    );
    expect(d).toMatchObject({ status: 404, targetId: ID, targetType: 'export', code: 'NOT_FOUND' });
  });

  it.each([
    ['a plain not found', 404, notFound('Case')],
    ['a Nest not found', 404, new NotFoundException()],
    ['a conflict', 409, new DomainError('CONFLICT', 'x')],
    ['a bad request', 400, new Error('x')],
    ['an unauthenticated request', 401, new Error('x')],
  ])('records nothing for %s', (_name, status, error) =>
    expect(accessDenialOf(req, status, error, NOW)).toBeNull(),
  );

  it('keeps no id that is not one (a guard runs before the pipes check the path)', () => {
    const d = accessDenialOf({ ...req, params: { id: "x' OR 1=1" } }, 403, new ForbiddenException(), NOW);
    expect(d).toMatchObject({ targetId: null, targetType: null });
  });

  it('names a route with no :id and no matched route plainly', () => {
    expect(
      accessDenialOf({ method: 'GET', routePath: '/api/audit', userId: USER }, 403, null, NOW),
    ).toMatchObject({
      route: 'GET /api/audit',
      targetId: null,
    });
    expect(accessDenialOf({ method: 'GET' }, 403, null, NOW)).toMatchObject({
      route: 'GET (no route)',
      actorId: null,
    });
  });
});

describe(denialKey.name, () => {
  const base = { actorId: USER, route: 'GET /api/cases/:id', minute: minuteOf(NOW) };
  it('is the same for two refusals in one minute, whatever the target', () =>
    expect(denialKey(base)).toBe(
      denialKey({ ...base, minute: minuteOf(new Date('2026-12-06T09:41:59.999Z')) }),
    ));
  it('differs by minute, route and actor', () => {
    expect(denialKey(base)).not.toBe(
      denialKey({ ...base, minute: minuteOf(new Date('2026-12-06T09:42:00Z')) }),
    );
    expect(denialKey(base)).not.toBe(denialKey({ ...base, route: 'GET /api/cases/:id/evidence' }));
    expect(denialKey(base)).not.toBe(denialKey({ ...base, actorId: null }));
  });
});

describe(denialDetails.name, () => {
  it('holds the route, status, code and minute, nothing else', () => {
    const d = accessDenialOf(
      { method: 'GET', routePath: '/api/cases/:id', params: { id: ID }, userId: USER },
      403,
      new DomainError('FORBIDDEN', 'x'),
      NOW,
    )!;
    expect(denialDetails(d)).toEqual({
      route: 'GET /api/cases/:id',
      status: 403,
      code: 'FORBIDDEN',
      minute: '2026-12-06T09:41',
    });
  });
});
