import { intake, intakePayload } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

interface Entry {
  id: number;
  action: string;
  actorId: string | null;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  clientAddress: string | null;
  at: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const lastIds = async (n: number) =>
    (await t.db.query<{ id: number }>(`SELECT id FROM audit_entries ORDER BY id DESC LIMIT ${n}`)).map((r) =>
      Number(r.id),
    );

  it('records each of many concurrent changes under its own actor and request id', async () => {
    // Concurrent intakes are written together (one batch, one SQLite transaction); each entry must
    // still name the person and request that made its change, not whoever's request came first —
    // the case, and the first reminders its appeal deadline (still ahead) leads to.
    const today = new Date().toISOString().slice(0, 10);
    const agents = [t.as.caseworker, t.as.admin];
    const made = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const requestId = `concurrent-intake-${String(i).padStart(4, '0')}`;
        const res = await agents[i % 2]
          .post('/api/cases')
          .set('x-request-id', requestId)
          .send(intakePayload({ actionDate: today, notifiedAt: today }))
          .expect(201);
        return { caseId: res.body.id as string, requestId, actorId: res.body.createdBy as string };
      }),
    );
    expect(new Set(made.map((m) => m.actorId))).toEqual(new Set([t.users.caseworker.id, t.users.admin.id]));
    for (const { caseId, requestId, actorId } of made) {
      const res = await t.as.admin.get(`/api/audit?entityId=${caseId}`).expect(200);
      const entries = res.body.items as Entry[];
      expect(entries.map((e) => e.action).sort()).toEqual(['case.create', 'reminder.auto']);
      for (const entry of entries) expect(entry).toMatchObject({ actorId, requestId });
      const [{ n }] = await t.db.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM reminders WHERE case_id = ? AND status = 'scheduled'",
        [caseId],
      );
      expect(Number(n)).toBeGreaterThan(0);
    }
    expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
  });

  describe('GET /api/audit', () => {
    it('lists entries newest first with actor, request id and client address', async () => {
      const res = await t.as.admin.get('/api/audit').expect(200);
      expect(res.body).toMatchObject({ page: 1, limit: 50 });
      expect(res.body.total).toBeGreaterThanOrEqual(7);
      const items = res.body.items as Entry[];
      expect(items[0].id).toBeGreaterThan(items[1].id);
      const create = items.find((i) => i.action === 'user.create')!;
      expect(create).toMatchObject({
        actorId: t.users.admin.id,
        entityType: 'user',
        details: { role: expect.any(String) },
      });
      expect(create.requestId).toMatch(/^[\w.:-]{8,64}$/);
      expect(create.clientAddress).toMatch(/127\.0\.0\.1/);
      expect(create.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('records the request id the client sent', async () => {
      await t.as.admin
        .post('/api/users')
        .set('x-request-id', 'audit-trace-0001')
        .send({
          email: 'traced@caseline.test',
          fullName: 'Traced',
          role: 'researcher',
          password: 'a-long-test-password',
        })
        .expect(201);
      const res = await t.as.admin.get('/api/audit?action=user.create&limit=1').expect(200);
      expect(res.body.items[0].requestId).toBe('audit-trace-0001');
    });

    it('filters by action, entity, actor and time, and paginates', async () => {
      const byAction = await t.as.admin.get('/api/audit?action=auth.login').expect(200);
      expect(byAction.body.total).toBeGreaterThanOrEqual(4);
      expect((byAction.body.items as Entry[]).every((i) => i.action === 'auth.login')).toBe(true);

      const byEntity = await t.as.admin
        .get(`/api/audit?entityType=user&entityId=${t.users.caseworker.id}`)
        .expect(200);
      expect((byEntity.body.items as Entry[]).map((i) => i.action).sort()).toEqual([
        'auth.login',
        'user.create',
      ]);

      const byActor = await t.as.admin.get(`/api/audit?actorId=${t.users.researcher.id}`).expect(200);
      expect((byActor.body.items as Entry[]).map((i) => i.action)).toEqual(['auth.login']);

      const future = await t.as.admin.get('/api/audit?from=2999-01-01T00:00:00Z').expect(200);
      expect(future.body).toMatchObject({ items: [], total: 0 });
      const past = await t.as.admin.get('/api/audit?to=2000-01-01T00:00:00Z').expect(200);
      expect(past.body.total).toBe(0);
      const now = await t.as.admin.get(
        `/api/audit?from=2020-01-01&to=${new Date(Date.now() + 60_000).toISOString()}`,
      );
      expect(now.status).toBe(200);
      expect(now.body.total).toBeGreaterThan(0);

      const page1 = await t.as.admin.get('/api/audit?limit=2&page=1').expect(200);
      const page2 = await t.as.admin.get('/api/audit?limit=2&page=2').expect(200);
      expect(page1.body.items).toHaveLength(2);
      expect(page2.body.items[0].id).toBeLessThan(page1.body.items[1].id);
    });

    it.each([
      ['limit=500', /^limit/],
      ['limit=0', /^limit/],
      ['page=0', /^page/],
      ['from=yesterday', /^from/],
      ['actorId=nope', /^actorId/],
      ['action=DROP%20TABLE', /^action/],
      ['bogus=1', /bogus should not exist/],
    ])('answers 400 naming the parameter for %s', async (query, message) => {
      const res = await t.as.admin.get(`/api/audit?${query}`).expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    });
  });

  describe('GET /api/audit/verify', () => {
    it('reports an intact chain', async () => {
      const [{ n }] = await t.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit_entries');
      const res = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(res.body).toEqual({
        ok: true,
        entries: Number(n),
        firstBrokenId: null,
        log: expect.objectContaining({ ok: true, problems: [] }),
      });
    });

    it('reports a row changed directly in the database, by its id', async () => {
      const [, , target] = await lastIds(3);
      const [before] = await t.db.query<{ details: string }>(
        'SELECT details FROM audit_entries WHERE id = ?',
        [target],
      );
      await t.db.query(`UPDATE audit_entries SET details = '{"role":"admin"}' WHERE id = ?`, [target]);
      const res = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(res.body).toMatchObject({ ok: false, firstBrokenId: target });
      // undone: the chain is whole again
      await t.db.query('UPDATE audit_entries SET details = ? WHERE id = ?', [before.details, target]);
      expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    });

    it('reports a changed actor or time even when the hash column is left alone', async () => {
      const [target] = await lastIds(4).then((ids) => ids.slice(3));
      const [row] = await t.db.query<{ at: string }>('SELECT at FROM audit_entries WHERE id = ?', [target]);
      await t.db.query('UPDATE audit_entries SET at = ? WHERE id = ?', ['2020-01-01T00:00:00.000Z', target]);
      expect((await t.as.admin.get('/api/audit/verify').expect(200)).body).toMatchObject({
        ok: false,
        firstBrokenId: target,
      });
      await t.db.query('UPDATE audit_entries SET at = ? WHERE id = ?', [row.at, target]);
    });

    it('reports an intact chain while changes are being written (never a false alarm)', async () => {
      // Each intake appends to the chain and moves its head; a check that read them at different
      // moments (or saw a change before its commit) would report a break that is not there.
      let writing = true;
      const writers = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 12; i++) await intake(t.as.caseworker);
      });
      const checks: { ok: boolean; firstBrokenId: number | null }[] = [];
      const checker = (async () => {
        while (writing) checks.push((await t.as.admin.get('/api/audit/verify').expect(200)).body);
      })();
      await Promise.all(writers);
      writing = false;
      await checker;
      expect(checks.length).toBeGreaterThan(3);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    });

    it('reports a deleted row at the first entry whose link it broke', async () => {
      const [, target, removed] = await lastIds(3);
      await t.db.query('DELETE FROM audit_entries WHERE id = ?', [removed]);
      const res = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(res.body).toMatchObject({ ok: false, firstBrokenId: target });
      expect(target).toBe(removed + 1);
    });
  });

  describe('the newest rows', () => {
    let u: TestApp;
    beforeAll(async () => {
      u = await createTestApp();
    });
    afterAll(() => u.close());

    it('reports deleted newest rows (compared with the chain head)', async () => {
      const ids = (
        await u.db.query<{ id: number }>('SELECT id FROM audit_entries ORDER BY id DESC LIMIT 2')
      ).map((r) => Number(r.id));
      await u.db.query('DELETE FROM audit_entries WHERE id >= ?', [ids[1]]);
      const res = await u.as.admin.get('/api/audit/verify').expect(200);
      expect(res.body).toMatchObject({ ok: false, firstBrokenId: ids[1] });
    });

    it('keeps appending after tampering was found (the chain continues from its head)', async () => {
      await u.createUser('caseworker');
      const res = await u.as.admin.get('/api/audit?limit=2').expect(200);
      expect(res.body.items.map((i: Entry) => i.action)).toEqual(['auth.login', 'user.create']);
      expect((await u.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(false);
    });
  });
});
