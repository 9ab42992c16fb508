import { randomUUID } from 'node:crypto';
import { intake } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';
import { sleep, waitFor } from './helpers/wait';

interface Entry {
  id: number;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  details: { route: string; status: number; code?: string; minute: string };
}

/** Refused access is audited: one access.denied entry per actor, route and minute, in the one chain. */
describe('refused access is audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const denied = async (actorId: string): Promise<Entry[]> =>
    (await t.as.admin.get(`/api/audit?action=access.denied&actorId=${actorId}&limit=200`).expect(200)).body
      .items;

  /** Two refusals 30 s apart could straddle a minute; start early in one so both land in it. */
  async function startOfAMinute(): Promise<void> {
    const second = new Date().getUTCSeconds();
    if (second > 45) await sleep((61 - second) * 1000);
  }

  it("writes a researcher's refused read with the route pattern and target; the same again within the minute adds none", async () => {
    const c = await intake(t.as.caseworker);
    await startOfAMinute();
    const first = await t.as.researcher.get(`/api/cases/${c.id}?view=full`).expect(403);
    expect(first.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });

    const [entry] = await waitFor(async () => {
      const rows = (await denied(t.users.researcher.id)).filter((e) => e.entityId === c.id);
      return rows.length ? rows : null;
    }, 'the access.denied entry');
    expect(entry).toMatchObject({
      action: 'access.denied',
      actorId: t.users.researcher.id,
      entityType: 'case',
      entityId: c.id,
      requestId: expect.any(String),
      details: {
        route: 'GET /api/cases/:id',
        status: 403,
        minute: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/),
      },
    });
    // The route as a pattern: no id, no query string.
    expect(JSON.stringify(entry.details)).not.toContain(c.id);
    expect(JSON.stringify(entry.details)).not.toContain('view=full');

    // The same refusal again, and the same route for another case: still one entry this minute.
    await t.as.researcher.get(`/api/cases/${c.id}`).expect(403);
    const other = await intake(t.as.caseworker);
    await t.as.researcher.get(`/api/cases/${other.id}`).expect(403);
    // Another route is another entry.
    await t.as.researcher.get(`/api/cases/${c.id}/timeline`).expect(403);
    await waitFor(
      async () =>
        (await denied(t.users.researcher.id)).some((e) => e.details.route === 'GET /api/cases/:id/timeline'),
      'the timeline refusal',
    );
    await sleep(300);
    const entries = await denied(t.users.researcher.id);
    expect(entries.filter((e) => e.details.route === 'GET /api/cases/:id')).toHaveLength(1);
    expect(entries.filter((e) => e.details.route === 'GET /api/cases/:id/timeline')).toHaveLength(1);

    const chain = await t.as.admin.get('/api/audit/verify').expect(200);
    expect(chain.body.ok).toBe(true);
  });

  it('holds across instances: after a restart (nothing remembered in memory) the minute still has one', async () => {
    const c = await intake(t.as.caseworker);
    await startOfAMinute();
    const route = 'GET /api/cases/:id/appeals';
    await t.as.researcher.get(`/api/cases/${c.id}/appeals`).expect(403);
    const [first] = await waitFor(async () => {
      const rows = (await denied(t.users.researcher.id)).filter((e) => e.details.route === route);
      return rows.length ? rows : null;
    }, 'the first refusal');
    await t.restart();
    await t.as.researcher.get(`/api/cases/${c.id}/appeals`).expect(403);
    const again = new Date().toISOString().slice(0, 16);
    // A later refusal on another route: once its entry is there, the one before has been dealt with.
    await t.as.researcher.get(`/api/cases/${c.id}/transitions`).expect(403);
    await waitFor(
      async () =>
        (await denied(t.users.researcher.id)).some(
          (e) => e.details.route === 'GET /api/cases/:id/transitions',
        ),
      'the later refusal',
    );
    await sleep(200);
    const sameMinute = (await denied(t.users.researcher.id)).filter(
      (e) => e.details.route === route && e.details.minute === first.details.minute,
    );
    expect(sameMinute).toHaveLength(1);
    // (Had the restart outlasted the minute, the second refusal would rightly have its own entry.)
    if (again === first.details.minute) {
      expect((await denied(t.users.researcher.id)).filter((e) => e.details.route === route)).toHaveLength(1);
    }
  });

  it('writes one per actor: another refused user on the same route gets an entry of their own', async () => {
    const other = await t.createUser('researcher');
    const c = await intake(t.as.caseworker);
    await other.agent.get(`/api/cases/${c.id}`).expect(403);
    await waitFor(async () => (await denied(other.id)).length === 1, "the second researcher's entry");
  });

  it('a 404 that hides an export of someone else is audited; a 404 for nothing at all is not', async () => {
    const mine = await t.as.coordinator.post('/api/exports').send({ format: 'csv' }).expect(202);
    await t.as.researcher.get(`/api/exports/${mine.body.id}`).expect(404);
    const [entry] = await waitFor(async () => {
      const rows = (await denied(t.users.researcher.id)).filter((e) => e.entityId === mine.body.id);
      return rows.length ? rows : null;
    }, 'the hidden export refusal');
    expect(entry).toMatchObject({
      entityType: 'export',
      details: { route: 'GET /api/exports/:id', status: 404, code: 'NOT_FOUND' },
    });

    const before = (await denied(t.users.coordinator.id)).length;
    await t.as.coordinator.get(`/api/exports/${randomUUID()}`).expect(404);
    await sleep(500);
    expect(await denied(t.users.coordinator.id)).toHaveLength(before);
  });

  it('the admin audit filter finds them by action, and the chain is still whole', async () => {
    const res = await t.as.admin.get('/api/audit?action=access.denied').expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(4);
    expect(res.body.items.every((e: Entry) => e.action === 'access.denied')).toBe(true);
    expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
  });
});
