import { randomUUID } from 'node:crypto';
import { auditActions, intake } from './factories/case-payloads';
import { createTestApp, TestApp } from './helpers/test-app';

type Event = Record<string, unknown> & { id: string; type: string; title: string };

describe('timeline: events and corrections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const addEvent = (caseId: string, body: Record<string, unknown>) =>
    t.as.caseworker
      .post(`/api/cases/${caseId}/events`)
      .send({ type: 'correspondence', title: 'Letter from the NEC', occurredAt: '2019-03-15', ...body });

  it.each([
    ['2018', 'year', '2018-01-01T00:00:00.000Z'],
    ['2018-11', 'month', '2018-11-01T00:00:00.000Z'],
    ['2019-03-15', 'day', '2019-03-15T00:00:00.000Z'],
    ['2019-03-15T14:30:00+01:00', 'exact', '2019-03-15T13:30:00.000Z'],
  ])('records an event at %s with %s precision', async (occurredAt, precision, iso) => {
    const c = await intake(t.as.caseworker);
    const res = await addEvent(c.id, { occurredAt, precision, source: 'Branch minutes' }).expect(201);
    expect(res.body).toMatchObject({
      caseId: c.id,
      type: 'correspondence',
      precision,
      source: 'Branch minutes',
      recordedBy: t.users.caseworker.id,
      supersedes: null,
      supersededBy: null,
      evidenceIds: [],
    });
    expect(new Date(res.body.occurredAt).toISOString()).toBe(iso);
    expect(await auditActions(t, res.body.id)).toEqual(['timeline.create']);
  });

  it('infers the precision from the form when none is given', async () => {
    const c = await intake(t.as.caseworker);
    const res = await addEvent(c.id, { occurredAt: '2019-04' }).expect(201);
    expect(res.body.precision).toBe('month');
  });

  it.each([
    [{ occurredAt: '2019', precision: 'day' }, 'occurredAt'],
    [{ occurredAt: '2019-03-15', precision: 'exact' }, 'occurredAt'],
    [{ occurredAt: '2019-13' }, 'occurredAt'],
    [{ occurredAt: '2019-02-30' }, 'occurredAt'],
    [{ occurredAt: '2019-03-15T10:00:00' }, 'occurredAt'],
    [{ precision: 'week' }, 'precision'],
    [{ type: 'status_changed' }, 'type'],
    [{ type: 'gossip' }, 'type'],
    [{ title: '' }, 'title'],
    [{ title: 't'.repeat(301) }, 'title'],
    [{ evidenceIds: ['nope'] }, 'evidenceIds'],
    [{ evidenceIds: [randomUUID()] }, 'evidenceIds'],
    [{ supersedes: randomUUID() }, 'supersedes'],
  ])('refuses %p with 400 naming %s', async (body, field) => {
    const c = await intake(t.as.caseworker);
    const res = await addEvent(c.id, body).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    const rows = await t.db.query('SELECT id FROM timeline_events WHERE case_id = ?', [c.id]);
    expect(rows).toHaveLength(2);
  });

  it('orders events by occurredAt, then recordedAt', async () => {
    const c = await intake(t.as.caseworker, { actionDate: '2019-03-01', notifiedAt: '2019-03-04' });
    await addEvent(c.id, { occurredAt: '2019-03-02', title: 'B' }).expect(201);
    await addEvent(c.id, { occurredAt: '2018', title: 'A' }).expect(201);
    await addEvent(c.id, { occurredAt: '2019-03-02', title: 'C' }).expect(201);
    const res = await t.as.coordinator.get(`/api/cases/${c.id}/timeline`).expect(200);
    expect(res.body.map((e: Event) => e.title)).toEqual([
      'A',
      'Suspension by National Executive Committee',
      'B',
      'C',
      'Member notified of the suspension',
    ]);
  });

  it('corrects an event by a new one that supersedes it, keeping the original untouched', async () => {
    const c = await intake(t.as.caseworker);
    const original = (
      await addEvent(c.id, {
        occurredAt: '2019-03-15',
        title: 'Meeting with the regional office',
        type: 'meeting',
      })
    ).body as Event;
    const [before] = await t.db.query('SELECT * FROM timeline_events WHERE id = ?', [original.id]);

    const res = await t.as.caseworker
      .post(`/api/events/${original.id}/corrections`)
      .send({ occurredAt: '2019-03-16', reason: 'wrong day in the minutes' })
      .expect(201);
    const correction = res.body as Event;
    expect(correction).toMatchObject({
      supersedes: original.id,
      supersededBy: null,
      title: 'Meeting with the regional office',
      type: 'meeting',
      precision: 'day',
    });
    expect(new Date(correction.occurredAt as string).toISOString()).toBe('2019-03-16T00:00:00.000Z');

    const [after] = await t.db.query('SELECT * FROM timeline_events WHERE id = ?', [original.id]);
    expect(after).toEqual({ ...before, superseded_by: correction.id });

    const all = (await t.as.caseworker.get(`/api/cases/${c.id}/timeline`).expect(200)).body as Event[];
    expect(all.map((e) => e.id)).toEqual(expect.arrayContaining([original.id, correction.id]));
    const current = (await t.as.caseworker.get(`/api/cases/${c.id}/timeline?current=true`).expect(200))
      .body as Event[];
    expect(current.map((e) => e.id)).toContain(correction.id);
    expect(current.map((e) => e.id)).not.toContain(original.id);
    expect(current).toHaveLength(all.length - 1);

    // A second correction of the same original is refused: correct the latest instead.
    const again = await t.as.caseworker
      .post(`/api/events/${original.id}/corrections`)
      .send({ title: 'Other', reason: 'x' })
      .expect(409);
    expect(again.body.supersededBy).toBe(correction.id);
    await t.as.caseworker
      .post(`/api/events/${correction.id}/corrections`)
      .send({ title: 'Meeting with the regional secretary', reason: 'name of the office' })
      .expect(201);
    expect(await auditActions(t, correction.id)).toEqual(['timeline.correct']);
  });

  it('corrects automatic events too, and refuses bad corrections', async () => {
    const c = await intake(t.as.caseworker);
    const events = (await t.as.caseworker.get(`/api/cases/${c.id}/timeline`)).body as Event[];
    const notified = events.find((e) => e.type === 'notified')!;
    await t.as.caseworker
      .post(`/api/events/${notified.id}/corrections`)
      .send({ reason: 'x', precision: 'month' })
      .expect(400);
    await t.as.caseworker
      .post(`/api/events/${notified.id}/corrections`)
      .send({ title: 'No reason' })
      .expect(400);
    await t.as.caseworker.post(`/api/events/${randomUUID()}/corrections`).send({ reason: 'x' }).expect(404);
    await t.as.caseworker
      .post(`/api/events/${notified.id}/corrections`)
      .send({ occurredAt: '2019-03', reason: 'only the month is known' })
      .expect(201);
  });

  it('offers no way to change or delete an event', async () => {
    const c = await intake(t.as.caseworker);
    const e = (await addEvent(c.id, {})).body as Event;
    for (const method of ['patch', 'put', 'delete'] as const) {
      const res = await t.as.admin[method](`/api/events/${e.id}`).send({ title: 'changed' });
      expect(res.status).toBe(404);
    }
    const [row] = await t.db.query<{ title: string }>('SELECT title FROM timeline_events WHERE id = ?', [
      e.id,
    ]);
    expect(row.title).toBe('Letter from the NEC');
  });

  it('is append-only in the database too: no event is deleted or rewritten, superseded_by is set once', async () => {
    const c = await intake(t.as.caseworker);
    const e = (await addEvent(c.id, {}).expect(201)).body as Event;
    const refused = async (sql: string, params: unknown[]) => {
      await expect(t.db.query(sql, params)).rejects.toThrow(/append-only|never deleted/);
    };
    await refused('UPDATE timeline_events SET title = ? WHERE id = ?', ['rewritten', e.id]);
    await refused('UPDATE timeline_events SET occurred_at = recorded_at WHERE id = ?', [e.id]);
    await refused('DELETE FROM timeline_events WHERE id = ?', [e.id]);
    await refused('DELETE FROM timeline_events WHERE case_id = ?', [c.id]);

    const correction = (
      await t.as.caseworker
        .post(`/api/events/${e.id}/corrections`)
        .send({ title: 'Letter from the NCC', reason: 'misread the letterhead' })
        .expect(201)
    ).body as Event;
    await refused('UPDATE timeline_events SET superseded_by = ? WHERE id = ?', [correction.id, e.id]);
    await refused('UPDATE timeline_events SET superseded_by = NULL WHERE id = ?', [e.id]);
    const rows = await t.db.query<{ id: string; title: string }>(
      'SELECT id, title FROM timeline_events WHERE case_id = ? ORDER BY recorded_at, id',
      [c.id],
    );
    expect(rows.find((r) => r.id === e.id)?.title).toBe('Letter from the NEC');
    expect(rows).toHaveLength(4); // action_taken, notified, the letter and its correction
  });

  it('answers 404 for an unknown case, and lets coordinators read and write', async () => {
    await t.as.caseworker.get(`/api/cases/${randomUUID()}/timeline`).expect(404);
    const c = await intake(t.as.caseworker);
    await t.as.coordinator.get(`/api/cases/${c.id}/timeline`).expect(200);
    await t.as.coordinator
      .post(`/api/cases/${c.id}/events`)
      .send({ type: 'note', title: 'x', occurredAt: '2019' })
      .expect(201);
    await t.as.researcher
      .post(`/api/cases/${c.id}/events`)
      .send({ type: 'note', title: 'x', occurredAt: '2019' })
      .expect(403);
  });
});
