import { randomUUID } from 'node:crypto';
import { auditActions, intake, intakePayload } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';
import { waitFor } from './helpers/wait';

describe('case core access and audit', () => {
  let t: TestApp;
  let caseId: string;
  let memberId: string;
  let appealId: string;
  let eventId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const c = await intake(t.as.caseworker);
    caseId = c.id;
    memberId = c.memberId;
    appealId = (
      await t.as.caseworker
        .post(`/api/cases/${caseId}/appeals`)
        .send({ lodgedAt: '2019-03-20', body: 'NCC' })
        .expect(201)
    ).body.id;
    eventId = (
      await t.as.caseworker
        .post(`/api/cases/${caseId}/events`)
        .send({ type: 'note', title: 'x', occurredAt: '2019' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const routes = (): [string, string, Record<string, unknown>?][] => [
    ['get', '/api/members'],
    ['get', `/api/members/${memberId}`],
    ['patch', `/api/members/${memberId}`, { version: 1, region: 'X' }],
    ['post', '/api/cases', intakePayload()],
    ['get', '/api/cases'],
    ['get', `/api/cases/${caseId}`],
    ['patch', `/api/cases/${caseId}`, { version: 1, priority: 'low' }],
    ['post', `/api/cases/${caseId}/transitions`, { to: 'gathering_evidence' }],
    ['get', `/api/cases/${caseId}/transitions`],
    ['post', `/api/cases/${caseId}/appeals`, { lodgedAt: '2019-03-20', body: 'NCC' }],
    ['get', `/api/cases/${caseId}/appeals`],
    ['patch', `/api/appeals/${appealId}`, { version: 1, grounds: 'x' }],
    ['get', `/api/cases/${caseId}/timeline`],
    ['post', `/api/cases/${caseId}/events`, { type: 'note', title: 'x', occurredAt: '2019' }],
    ['post', `/api/events/${eventId}/corrections`, { reason: 'x' }],
  ];

  it('refuses researchers (403) on every route, changing nothing and auditing only the refusals', async () => {
    const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql))[0].n);
    const others = "SELECT COUNT(*) AS n FROM audit_entries WHERE action <> 'access.denied'";
    const refusals = "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'access.denied'";
    const before = await count(others);
    const refusedBefore = await count(refusals);
    for (const [method, path, body] of routes()) {
      const res = await t.as.researcher[method as 'get' | 'post' | 'patch'](path).send(body ?? {});
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
    // One access.denied per route (each is another method or pattern), written just after the answer.
    await waitFor(
      async () => (await count(refusals)) === refusedBefore + routes().length,
      'an access.denied entry per refused route',
    );
    expect(await count(others)).toBe(before);
    const [row] = await t.db.query<{ status: string; version: number }>(
      'SELECT status, version FROM cases WHERE id = ?',
      [caseId],
    );
    expect(row).toEqual({ status: 'intake', version: 1 });
  });

  it('lets coordinators call every route a caseworker may (after the researcher check: it changes the case)', async () => {
    for (const [method, path, body] of routes()) {
      const res = await t.as.coordinator[method as 'get' | 'post' | 'patch'](path).send(body ?? {});
      // 409 on the second appeal (one is pending): past the role check, refused by the domain.
      expect([method, path, res.status < 300 || res.status === 409]).toEqual([method, path, true]);
    }
    const [row] = await t.db.query<{ status: string; priority: string }>(
      'SELECT status, priority FROM cases WHERE id = ?',
      [caseId],
    );
    expect(row).toEqual({ status: 'gathering_evidence', priority: 'low' });
  });

  it('refuses unauthenticated callers (401) on every route', async () => {
    for (const [method, path] of routes()) {
      const res = await t.http()[method as 'get' | 'post' | 'patch'](path);
      expect([path, res.status]).toEqual([path, 401]);
    }
  });

  it('answers 400 for malformed ids on every id route', async () => {
    for (const [method, path, body] of routes()) {
      if (!/[0-9a-f-]{36}/.test(path)) continue;
      const bad = path.replace(/[0-9a-f-]{36}/, 'not-a-uuid');
      const res = await t.as.admin[method as 'get' | 'post' | 'patch'](bad).send(body ?? {});
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it('answers 404 for unknown ids', async () => {
    const unknown = randomUUID();
    await t.as.admin.get(`/api/cases/${unknown}/transitions`).expect(404);
    await t.as.admin.get(`/api/cases/${unknown}/appeals`).expect(404);
    await t.as.admin.patch(`/api/appeals/${unknown}`).send({ version: 1, grounds: 'x' }).expect(404);
  });

  it('lets an admin do everything and audits create, read, edit and transition', async () => {
    const c = await intake(t.as.admin);
    await t.as.admin.get(`/api/cases/${c.id}`).expect(200);
    await t.as.admin.patch(`/api/cases/${c.id}`).send({ version: 1, priority: 'high' }).expect(200);
    await t.as.admin
      .post(`/api/cases/${c.id}/transitions`)
      .send({ to: 'closed', reason: 'test' })
      .expect(201);
    await t.as.admin.get(`/api/cases/${c.id}/timeline`).expect(200);
    expect(await auditActions(t, c.id)).toEqual([
      'case.create',
      'case.read',
      'case.update',
      'case.transition',
      'timeline.read',
    ]);
    const rows = await t.db.query<{ actor_id: string; request_id: string | null }>(
      'SELECT actor_id, request_id FROM audit_entries WHERE entity_id = ?',
      [c.id],
    );
    for (const r of rows) {
      expect(r.actor_id).toBe(t.users.admin.id);
      expect(r.request_id).toBeTruthy();
    }
    const chain = await t.as.admin.get('/api/audit/verify').expect(200);
    expect(chain.body.ok ?? chain.body.valid).toBe(true);
  });

  it('puts no personal data in audit details', async () => {
    const c = await intake(t.as.caseworker, {}, { fullName: 'Private Person', email: 'private@example.org' });
    await t.as.caseworker.get(`/api/cases/${c.id}`).expect(200);
    const rows = await t.db.query<{ details: string }>('SELECT details FROM audit_entries');
    for (const r of rows) {
      expect(r.details).not.toContain('Private Person');
      expect(r.details).not.toContain('private@example.org');
    }
  });
});
