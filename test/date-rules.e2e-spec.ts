import { intake, intakePayload } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

type Body = Record<string, unknown>;

/** Dates that cannot be: refused over HTTP, with nothing changed; the possible ones still pass. */
describe('dates that cannot be', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const NEXT_YEAR = new Date().getUTCFullYear() + 1;
  const move = (caseId: string, body: Body) =>
    t.as.caseworker.post(`/api/cases/${caseId}/transitions`).send(body);
  const lodge = (caseId: string, body: Body = {}) =>
    t.as.caseworker
      .post(`/api/cases/${caseId}/appeals`)
      .send({ lodgedAt: '2019-03-20', body: 'National Constitutional Committee', ...body });
  const count = async (sql: string, params: unknown[]) =>
    Number((await t.db.query<{ n: number }>(sql, params))[0].n);

  /** A case awaiting the decision on an appeal lodged 2019-03-20 and heard 2019-05-14 10:00 UTC. */
  async function awaitingDecision(): Promise<{ caseId: string; appealId: string }> {
    const c = await intake(t.as.caseworker);
    const appeal = (await lodge(c.id, { hearingAt: '2019-05-14T10:00:00Z' }).expect(201)).body;
    for (const to of ['appeal_lodged', 'hearing_scheduled', 'awaiting_decision'])
      await move(c.id, { to }).expect(201);
    return { caseId: c.id, appealId: appeal.id };
  }

  describe('a decision', () => {
    it('dated before its hearing is refused (422 naming both dates) and nothing changes', async () => {
      const { caseId, appealId } = await awaitingDecision();
      const [before] = await t.db.query<Body>('SELECT status, version FROM cases WHERE id = ?', [caseId]);
      const events = await count('SELECT COUNT(*) AS n FROM timeline_events WHERE case_id = ?', [caseId]);
      const transitions = await count('SELECT COUNT(*) AS n FROM case_transitions WHERE case_id = ?', [
        caseId,
      ]);

      const res = await move(caseId, { to: 'reinstated', occurredAt: '2019-05-01' }).expect(422);
      expect(res.body).toMatchObject({
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'DATE_CONFLICT',
        conflicts: [
          {
            field: 'occurredAt',
            value: '2019-05-01',
            mustNotBe: 'before',
            other: 'appeal.hearingAt',
            otherValue: '2019-05-14T10:00:00.000Z',
          },
        ],
      });
      expect(res.body.message).toBe(
        'occurredAt (2019-05-01) must not be before appeal.hearingAt (2019-05-14T10:00:00.000Z)',
      );

      expect(await t.db.query('SELECT status, version FROM cases WHERE id = ?', [caseId])).toEqual([before]);
      const [appeal] = await t.db.query<Body>('SELECT outcome, decided_at FROM appeals WHERE id = ?', [
        appealId,
      ]);
      expect(appeal).toEqual({ outcome: 'pending', decided_at: null });
      expect(await count('SELECT COUNT(*) AS n FROM timeline_events WHERE case_id = ?', [caseId])).toBe(
        events,
      );
      expect(await count('SELECT COUNT(*) AS n FROM case_transitions WHERE case_id = ?', [caseId])).toBe(
        transitions,
      );
    });

    it('dated before the appeal was lodged is refused naming both conflicts', async () => {
      const { caseId } = await awaitingDecision();
      const res = await move(caseId, { to: 'upheld', occurredAt: '2019-03-01' }).expect(422);
      expect(res.body.conflicts.map((c: Body) => c.other)).toEqual(['appeal.lodgedAt', 'appeal.hearingAt']);
    });

    it('an hour before the hearing on its day is refused; on the hearing day or after it is recorded', async () => {
      const { caseId, appealId } = await awaitingDecision();
      await move(caseId, { to: 'reinstated', occurredAt: '2019-05-14T09:00:00Z' }).expect(422);
      await move(caseId, { to: 'reinstated', occurredAt: '2019-05-14' }).expect(201);
      const appeals = await t.as.caseworker.get(`/api/cases/${caseId}/appeals`).expect(200);
      expect(appeals.body).toEqual([
        expect.objectContaining({ id: appealId, outcome: 'allowed', decidedAt: '2019-05-14' }),
      ]);
    });
  });

  describe('an appeal', () => {
    it('heard before it was lodged is refused (422) and not created', async () => {
      const c = await intake(t.as.caseworker);
      const res = await lodge(c.id, { hearingAt: '2019-03-01' }).expect(422);
      expect(res.body).toMatchObject({
        code: 'DATE_CONFLICT',
        conflicts: [{ field: 'hearingAt', mustNotBe: 'before', other: 'lodgedAt', otherValue: '2019-03-20' }],
      });
      expect(await count('SELECT COUNT(*) AS n FROM appeals WHERE case_id = ?', [c.id])).toBe(0);
    });

    it('may be heard in the future, and on the day it was lodged', async () => {
      const c = await intake(t.as.caseworker);
      const a = (await lodge(c.id, { hearingAt: `${NEXT_YEAR}-02-01T10:00:00Z` }).expect(201)).body;
      await t.as.caseworker
        .patch(`/api/appeals/${a.id}`)
        .send({ version: a.version, hearingAt: '2019-03-20' })
        .expect(200);
    });

    it('edited so the hearing comes before the lodging is refused, told from the field written', async () => {
      const c = await intake(t.as.caseworker);
      const a = (await lodge(c.id, { hearingAt: '2019-05-14T10:00:00Z' }).expect(201)).body;
      const earlier = await t.as.caseworker
        .patch(`/api/appeals/${a.id}`)
        .send({ version: a.version, hearingAt: '2019-03-19T10:00:00Z' })
        .expect(422);
      expect(earlier.body.conflicts).toEqual([
        expect.objectContaining({ field: 'hearingAt', mustNotBe: 'before' }),
      ]);
      const later = await t.as.caseworker
        .patch(`/api/appeals/${a.id}`)
        .send({ version: a.version, lodgedAt: '2019-06-01' })
        .expect(422);
      expect(later.body.message).toBe(
        'lodgedAt (2019-06-01) must not be after hearingAt (2019-05-14T10:00:00.000Z)',
      );
      const [stored] = await t.db.query<Body>('SELECT lodged_at, version FROM appeals WHERE id = ?', [a.id]);
      expect(stored.version).toBe(a.version);
    });

    it('decided: its hearing cannot move after the decision (the stored decision counts)', async () => {
      const { caseId, appealId } = await awaitingDecision();
      await move(caseId, { to: 'upheld', occurredAt: '2019-06-01' }).expect(201);
      const [{ version }] = await t.db.query<{ version: number }>(
        'SELECT version FROM appeals WHERE id = ?',
        [appealId],
      );
      const res = await t.as.caseworker
        .patch(`/api/appeals/${appealId}`)
        .send({ version, hearingAt: '2019-06-10T10:00:00Z' })
        .expect(422);
      expect(res.body.conflicts).toEqual([
        expect.objectContaining({
          field: 'hearingAt',
          mustNotBe: 'after',
          other: 'decidedAt',
          otherValue: '2019-06-01',
        }),
      ]);
    });

    it('withdrawn before its scheduled hearing is fine', async () => {
      const c = await intake(t.as.caseworker);
      const a = (await lodge(c.id, { hearingAt: `${NEXT_YEAR}-02-01T10:00:00Z` }).expect(201)).body;
      await t.as.caseworker
        .patch(`/api/appeals/${a.id}`)
        .send({ version: a.version, outcome: 'withdrawn' })
        .expect(200);
    });
  });

  describe('a timeline event', () => {
    it('a note dated next year is refused (400 naming occurredAt), in any form, and not stored', async () => {
      const c = await intake(t.as.caseworker);
      const events = await count('SELECT COUNT(*) AS n FROM timeline_events WHERE case_id = ?', [c.id]);
      for (const occurredAt of [
        `${NEXT_YEAR}`,
        `${NEXT_YEAR}-01`,
        `${NEXT_YEAR}-01-15`,
        `${NEXT_YEAR}-01-15T10:00:00Z`,
      ]) {
        const res = await t.as.caseworker
          .post(`/api/cases/${c.id}/events`)
          .send({ type: 'note', title: 'Dated by mistake', occurredAt })
          .expect(400);
        expect(res.body.message).toEqual([expect.stringMatching(/^occurredAt must not be in the future/)]);
      }
      expect(await count('SELECT COUNT(*) AS n FROM timeline_events WHERE case_id = ?', [c.id])).toBe(events);
    });

    it('a hearing may be dated in the future; a note this year or today may be recorded', async () => {
      const c = await intake(t.as.caseworker);
      const thisYear = String(new Date().getUTCFullYear());
      for (const [type, occurredAt] of [
        ['hearing', `${NEXT_YEAR}-03-01T10:00:00Z`],
        ['note', thisYear],
        ['note', new Date().toISOString().slice(0, 10)],
      ]) {
        await t.as.caseworker
          .post(`/api/cases/${c.id}/events`)
          .send({ type, title: 'x', occurredAt })
          .expect(201);
      }
    });

    it('a correction may not move a note into the future, nor turn a future hearing into a note', async () => {
      const c = await intake(t.as.caseworker);
      const note = (
        await t.as.caseworker
          .post(`/api/cases/${c.id}/events`)
          .send({ type: 'note', title: 'Phone call', occurredAt: '2019-04-02' })
          .expect(201)
      ).body;
      await t.as.caseworker
        .post(`/api/events/${note.id}/corrections`)
        .send({ occurredAt: `${NEXT_YEAR}-04-02`, reason: 'wrong day' })
        .expect(400);
      const hearing = (
        await t.as.caseworker
          .post(`/api/cases/${c.id}/events`)
          .send({ type: 'hearing', title: 'Hearing', occurredAt: `${NEXT_YEAR}-04-02` })
          .expect(201)
      ).body;
      await t.as.caseworker
        .post(`/api/events/${hearing.id}/corrections`)
        .send({ type: 'note', reason: 'not a hearing' })
        .expect(400);
      await t.as.caseworker
        .post(`/api/events/${note.id}/corrections`)
        .send({ occurredAt: '2019-04-03', title: 'Phone call (the day after)', reason: 'wrong day' })
        .expect(201);
    });
  });

  it('a case dated in the future is still refused as a bad value (400 naming the field)', async () => {
    const res = await t.as.caseworker
      .post('/api/cases')
      .send(intakePayload({ actionDate: `${NEXT_YEAR}-01-10` }))
      .expect(400);
    expect(res.body.message).toContain('actionDate must not be in the future');
  });
});
