import { randomUUID } from 'node:crypto';
import { auditActions, intake } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

type Body = Record<string, unknown>;

describe('workflow: transitions and appeals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const move = (caseId: string, body: Body) =>
    t.as.coordinator.post(`/api/cases/${caseId}/transitions`).send(body);
  const lodge = (caseId: string, body: Body = {}) =>
    t.as.caseworker.post(`/api/cases/${caseId}/appeals`).send({
      lodgedAt: '2019-03-20',
      body: 'National Constitutional Committee',
      grounds: 'Due process',
      ...body,
    });
  const status = async (caseId: string) =>
    (await t.db.query<{ status: string }>('SELECT status FROM cases WHERE id = ?', [caseId]))[0].status;

  /** Brings a fresh case to the given status along a legal path. */
  async function caseAt(target: string): Promise<string> {
    const c = await intake(t.as.caseworker);
    const id = c.id as string;
    const steps: Record<string, (() => Promise<unknown>)[]> = {
      intake: [],
      gathering_evidence: [() => move(id, { to: 'gathering_evidence' }).expect(201)],
      appeal_lodged: [() => lodge(id).expect(201), () => move(id, { to: 'appeal_lodged' }).expect(201)],
      hearing_scheduled: [
        () => lodge(id, { hearingAt: '2019-05-01T10:00:00Z' }).expect(201),
        () => move(id, { to: 'appeal_lodged' }).expect(201),
        () => move(id, { to: 'hearing_scheduled' }).expect(201),
      ],
      awaiting_decision: [
        () => lodge(id).expect(201),
        () => move(id, { to: 'appeal_lodged' }).expect(201),
        () => move(id, { to: 'awaiting_decision' }).expect(201),
      ],
      closed: [() => move(id, { to: 'closed', reason: 'member withdrew' }).expect(201)],
    };
    steps.upheld = [
      ...steps.awaiting_decision,
      () => move(id, { to: 'upheld', occurredAt: '2019-06-01' }).expect(201),
    ];
    steps.escalated = [...steps.upheld, () => move(id, { to: 'escalated' }).expect(201)];
    steps.reinstated = [
      ...steps.awaiting_decision,
      () => move(id, { to: 'reinstated', occurredAt: '2019-06-01' }).expect(201),
    ];
    for (const step of steps[target]) await step();
    expect(await status(id)).toBe(target);
    return id;
  }

  it('runs the full campaign from intake to reinstatement, and nothing leaves reinstated', async () => {
    const c = await intake(t.as.caseworker);
    await move(c.id, { to: 'gathering_evidence', note: 'collecting emails' }).expect(201);
    const appeal = (await lodge(c.id).expect(201)).body;
    expect(appeal).toMatchObject({ outcome: 'pending', lodgedAt: '2019-03-20', version: 1 });
    await move(c.id, { to: 'appeal_lodged', occurredAt: '2019-03-20' }).expect(201);
    const withHearing = await t.as.caseworker
      .patch(`/api/appeals/${appeal.id}`)
      .send({ version: 1, hearingAt: '2019-05-14T10:00:00Z' })
      .expect(200);
    expect(withHearing.body.version).toBe(2);
    await move(c.id, { to: 'hearing_scheduled' }).expect(201);
    await move(c.id, { to: 'awaiting_decision' }).expect(201);
    const decision = await move(c.id, {
      to: 'reinstated',
      occurredAt: '2019-06-02',
      note: 'NCC allowed it',
    }).expect(201);
    expect(decision.body).toMatchObject({
      from: 'awaiting_decision',
      to: 'reinstated',
      actorId: t.users.coordinator.id,
      note: 'NCC allowed it',
      case: { status: 'reinstated', allowedTransitions: [] },
    });
    expect(new Date(decision.body.occurredAt).toISOString()).toBe('2019-06-02T00:00:00.000Z');

    const appeals = await t.as.coordinator.get(`/api/cases/${c.id}/appeals`).expect(200);
    expect(appeals.body).toEqual([
      expect.objectContaining({ id: appeal.id, outcome: 'allowed', decidedAt: '2019-06-02' }),
    ]);

    const history = await t.as.coordinator.get(`/api/cases/${c.id}/transitions`).expect(200);
    expect(history.body.map((h: Body) => `${h.from}>${h.to}`)).toEqual([
      'intake>gathering_evidence',
      'gathering_evidence>appeal_lodged',
      'appeal_lodged>hearing_scheduled',
      'hearing_scheduled>awaiting_decision',
      'awaiting_decision>reinstated',
    ]);
    for (const h of history.body) {
      expect(h.actorId).toBe(t.users.coordinator.id);
      expect(h.recordedAt).toBeDefined();
    }

    const timeline = await t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200);
    const types = timeline.body.map((e: Body) => e.type);
    expect(types.filter((x: string) => x === 'status_changed')).toHaveLength(5);
    for (const type of ['action_taken', 'notified', 'appeal_lodged', 'hearing', 'decision'])
      expect(types).toContain(type);

    const got = await t.as.coordinator.get(`/api/cases/${c.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'reinstated', allowedTransitions: [] });
    for (const to of [
      'intake',
      'gathering_evidence',
      'appeal_lodged',
      'hearing_scheduled',
      'awaiting_decision',
      'upheld',
      'escalated',
      'closed',
      'reinstated',
    ]) {
      const res = await move(c.id, { to, occurredAt: '2019-06-03', reason: 'try' }).expect(409);
      expect(res.body.allowedTransitions).toEqual([]);
    }
    expect(await status(c.id)).toBe('reinstated');
    const actions = await auditActions(t, c.id);
    expect(actions.filter((a) => a === 'case.transition')).toHaveLength(5);
  });

  it('goes upheld → further appeal → reinstated, and escalated → upheld', async () => {
    const id = await caseAt('upheld');
    const first = (await t.as.coordinator.get(`/api/cases/${id}/appeals`)).body[0];
    expect(first).toMatchObject({ outcome: 'dismissed', decidedAt: '2019-06-01' });
    await move(id, { to: 'appeal_lodged' }).expect(422);
    await lodge(id, { lodgedAt: '2019-06-10', body: 'Appeals Panel' }).expect(201);
    await move(id, { to: 'appeal_lodged' }).expect(201);
    await move(id, { to: 'awaiting_decision' }).expect(201);
    await move(id, { to: 'reinstated', occurredAt: '2019-08-01' }).expect(201);
    const appeals = (await t.as.coordinator.get(`/api/cases/${id}/appeals`)).body;
    expect(appeals.map((a: Body) => a.outcome)).toEqual(['dismissed', 'allowed']);

    const esc = await caseAt('escalated');
    await move(esc, { to: 'upheld', occurredAt: '2019-07-01' }).expect(201);
    await move(esc, { to: 'closed', reason: 'no further route' }).expect(201);
    await move(esc, { to: 'gathering_evidence', reason: 'new evidence surfaced' }).expect(201);
  });

  describe('illegal transitions answer 409 with allowedTransitions', () => {
    const illegal: [string, string, string[]][] = [
      ['intake', 'hearing_scheduled', ['gathering_evidence', 'appeal_lodged', 'closed']],
      ['intake', 'reinstated', ['gathering_evidence', 'appeal_lodged', 'closed']],
      ['intake', 'intake', ['gathering_evidence', 'appeal_lodged', 'closed']],
      ['gathering_evidence', 'awaiting_decision', ['appeal_lodged', 'closed']],
      ['appeal_lodged', 'upheld', ['hearing_scheduled', 'awaiting_decision', 'closed']],
      ['hearing_scheduled', 'escalated', ['awaiting_decision', 'closed']],
      ['awaiting_decision', 'closed', ['reinstated', 'upheld']],
      ['upheld', 'reinstated', ['appeal_lodged', 'escalated', 'closed']],
      ['escalated', 'appeal_lodged', ['reinstated', 'upheld', 'closed']],
      ['closed', 'appeal_lodged', ['gathering_evidence']],
      ['reinstated', 'upheld', []],
    ];
    it.each(illegal)('%s → %s', async (from, to, allowed) => {
      const id = await caseAt(from);
      const res = await move(id, { to, occurredAt: '2019-07-01', reason: 'x' }).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, allowedTransitions: allowed, from, to });
      expect(await status(id)).toBe(from);
    });
  });

  describe('failed guards answer 422 saying what is missing', () => {
    const guards: [string, string, Body, RegExp][] = [
      ['intake', 'appeal_lodged', {}, /pending appeal/],
      ['upheld', 'appeal_lodged', {}, /pending appeal/],
      ['appeal_lodged', 'hearing_scheduled', {}, /hearing date/],
      ['awaiting_decision', 'reinstated', {}, /decision date/],
      ['awaiting_decision', 'upheld', {}, /decision date/],
      ['escalated', 'reinstated', {}, /decision date/],
      ['intake', 'closed', {}, /reason/],
      ['appeal_lodged', 'closed', { reason: '   ' }, /reason/],
      ['closed', 'gathering_evidence', {}, /reason/],
    ];
    it.each(guards)('%s → %s %p', async (from, to, body, message) => {
      const id = await caseAt(from);
      const res = await move(id, { to, ...body }).expect(422);
      expect(res.body.message).toMatch(message);
      expect(res.body.missing.length).toBeGreaterThan(0);
      expect(await status(id)).toBe(from);
    });
  });

  it.each([
    [{ to: 'archived' }, 'to'],
    [{}, 'to'],
    [{ to: 'closed', reason: 'x', occurredAt: '2999-01-01' }, 'occurredAt'],
    [{ to: 'closed', reason: 'x', occurredAt: 'yesterday' }, 'occurredAt'],
    [{ to: 'closed', reason: 'x', extra: 1 }, 'extra'],
  ])('answers 400 to %p naming %s', async (body, field) => {
    const c = await intake(t.as.caseworker);
    const res = await move(c.id, body).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await status(c.id)).toBe('intake');
  });

  it('answers 404 for an unknown case and 400 for a malformed id', async () => {
    await move(randomUUID(), { to: 'closed', reason: 'x' }).expect(404);
    await move('nope', { to: 'closed', reason: 'x' }).expect(400);
  });

  // On PostgreSQL both requests can read the case before either commits; the loser sent no version,
  // so it must be answered as a request arriving just after the winner, not as a stale edit.
  it('lets exactly one of two concurrent identical transitions win, the other told what is allowed now', async () => {
    for (let round = 0; round < 10; round++) {
      const c = await intake(t.as.caseworker);
      const results = await Promise.all([
        move(c.id, { to: 'gathering_evidence' }),
        t.as.caseworker.post(`/api/cases/${c.id}/transitions`).send({ to: 'gathering_evidence' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body).toMatchObject({
        statusCode: 409,
        from: 'gathering_evidence',
        to: 'gathering_evidence',
        allowedTransitions: ['appeal_lodged', 'closed'],
      });
      expect(loser.body).not.toHaveProperty('currentVersion');
      const rows = await t.db.query('SELECT id FROM case_transitions WHERE case_id = ?', [c.id]);
      expect(rows).toHaveLength(1);
      const [row] = await t.db.query<{ version: number }>('SELECT version FROM cases WHERE id = ?', [c.id]);
      expect(Number(row.version)).toBe(2);
    }
  });

  it('refuses a transition made on a stale version', async () => {
    const c = await intake(t.as.caseworker);
    const results = await Promise.all([
      move(c.id, { to: 'gathering_evidence', version: 1 }),
      move(c.id, { to: 'closed', reason: 'duplicate', version: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  describe('appeals', () => {
    it('keeps one pending appeal per case (409)', async () => {
      const c = await intake(t.as.caseworker);
      const first = await lodge(c.id).expect(201);
      const res = await lodge(c.id).expect(409);
      expect(res.body.existingId).toBe(first.body.id);
      const rows = await t.db.query('SELECT id FROM appeals WHERE case_id = ?', [c.id]);
      expect(rows).toHaveLength(1);
    });

    it('writes appeal_lodged and hearing events, and a hearing event when the date moves', async () => {
      const c = await intake(t.as.caseworker);
      const appeal = (await lodge(c.id, { hearingAt: '2019-05-01T09:30:00Z' }).expect(201)).body;
      await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 1, hearingAt: '2019-05-08T09:30:00Z' })
        .expect(200);
      await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 2, grounds: 'more' })
        .expect(200);
      const events = await t.db.query<{ type: string; occurred_at: string | Date }>(
        "SELECT type, occurred_at FROM timeline_events WHERE case_id = ? AND type IN ('appeal_lodged','hearing') ORDER BY recorded_at",
        [c.id],
      );
      expect(events.map((e) => e.type)).toEqual(['appeal_lodged', 'hearing', 'hearing']);
      expect(await auditActions(t, appeal.id)).toEqual(['appeal.create', 'appeal.update', 'appeal.update']);
    });

    it('corrects the appeal_lodged event when the lodging date or body is corrected, keeping the original', async () => {
      const c = await intake(t.as.caseworker);
      const appeal = (await lodge(c.id, { lodgedAt: '2019-03-10', body: 'NEC Panel' }).expect(201)).body;
      await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 1, lodgedAt: '2019-03-12', body: 'National Constitutional Committee' })
        .expect(200);
      const all = (await t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200)).body as {
        id: string;
        type: string;
        title: string;
        occurredAt: string;
        supersedes: string | null;
        supersededBy: string | null;
        appealId: string | null;
      }[];
      const lodged = all.filter((e) => e.type === 'appeal_lodged');
      expect(lodged).toHaveLength(2);
      const [original, correction] = [lodged.find((e) => !e.supersedes)!, lodged.find((e) => e.supersedes)!];
      expect(original).toMatchObject({ title: 'Appeal lodged with NEC Panel', appealId: appeal.id });
      expect(original.occurredAt).toMatch(/^2019-03-10/);
      expect(original.supersededBy).toBe(correction.id);
      expect(correction).toMatchObject({
        title: 'Appeal lodged with National Constitutional Committee',
        supersedes: original.id,
        supersededBy: null,
        appealId: appeal.id,
      });
      expect(correction.occurredAt).toMatch(/^2019-03-12/);
      const current = (await t.as.caseworker.get(`/api/cases/${c.id}/timeline?current=true`).expect(200))
        .body as { type: string; id: string }[];
      expect(current.filter((e) => e.type === 'appeal_lodged').map((e) => e.id)).toEqual([correction.id]);
      // Grounds are not on the event: changing them corrects nothing.
      await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 2, grounds: 'more' })
        .expect(200);
      const after = (await t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200)).body as {
        type: string;
      }[];
      expect(after.filter((e) => e.type === 'appeal_lodged')).toHaveLength(2);
    });

    it('withdraws a pending appeal, refuses decisions outside the workflow, and a stale version', async () => {
      const c = await intake(t.as.caseworker);
      const appeal = (await lodge(c.id).expect(201)).body;
      const bad = await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 1, outcome: 'allowed' })
        .expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('outcome');
      const res = await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 1, outcome: 'withdrawn' })
        .expect(200);
      expect(res.body).toMatchObject({ outcome: 'withdrawn', version: 2 });
      expect(res.body.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 1, grounds: 'late' })
        .expect(409);
      await t.as.caseworker
        .patch(`/api/appeals/${appeal.id}`)
        .send({ version: 2, outcome: 'withdrawn' })
        .expect(409);
      await lodge(c.id, { lodgedAt: '2019-04-01' }).expect(201);
    });

    it.each([
      [{ lodgedAt: '2019-02-30' }, 'lodgedAt'],
      [{ lodgedAt: '2999-01-01' }, 'lodgedAt'],
      [{ body: '' }, 'body'],
      [{ hearingAt: 'next week' }, 'hearingAt'],
      [{ outcome: 'pending' }, 'outcome'],
    ])('refuses %p with 400 naming %s', async (override, field) => {
      const c = await intake(t.as.caseworker);
      const res = await lodge(c.id, override).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('lets coordinators create, edit and list appeals (everything a caseworker may); researchers may do none of it', async () => {
      const c = await intake(t.as.caseworker);
      const byCoordinator = await t.as.coordinator
        .post(`/api/cases/${c.id}/appeals`)
        .send({ lodgedAt: '2019-03-20', body: 'NCC' })
        .expect(201);
      const edited = await t.as.coordinator
        .patch(`/api/appeals/${byCoordinator.body.id}`)
        .send({ version: byCoordinator.body.version, grounds: 'Procedure not followed' })
        .expect(200);
      expect(edited.body.grounds).toBe('Procedure not followed');
      await t.as.coordinator.get(`/api/cases/${c.id}/appeals`).expect(200);
      await t.as.researcher
        .post(`/api/cases/${c.id}/appeals`)
        .send({ lodgedAt: '2019-03-21', body: 'NCC' })
        .expect(403);
      await t.as.researcher
        .patch(`/api/appeals/${byCoordinator.body.id}`)
        .send({ version: edited.body.version, grounds: 'x' })
        .expect(403);
      await t.as.researcher.get(`/api/cases/${c.id}/appeals`).expect(403);
      await lodge(randomUUID()).expect(404);
    });
  });
});
