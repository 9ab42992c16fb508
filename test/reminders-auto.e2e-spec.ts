import Queue from 'bull';
import { createTestApp, TEST_REDIS_BASE, TestApp } from './helpers/test-app';
import { sleep, waitFor } from './helpers/wait';

/**
 * Automatic reminders driven through the case routes (intake, PATCH, appeals, transitions).
 * Needs the case services of the case-core branch: run after merging it.
 */
jest.setTimeout(60_000);

const DAY = 86_400_000;
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
const deadlineAt = (date: string, daysBefore: number) => Date.parse(`${date}T09:00:00Z`) - daysBefore * DAY;

interface Row {
  id: string;
  kind: string;
  status: string;
  due_at: string | Date;
  cancel_reason: string | null;
  recipient_ids: string;
}

describe('automatic reminders through the case routes', () => {
  let t: TestApp;
  let queue: Queue.Queue;
  beforeAll(async () => {
    t = await createTestApp({ env: { APPEAL_WINDOW_DAYS: '28' } });
    queue = new Queue('reminders', `${TEST_REDIS_BASE}/${t.redisDb}`);
  });
  afterAll(async () => {
    await queue?.close();
    await t?.close();
  });

  const rows = (caseId: string) =>
    t.db.query<Row>(
      'SELECT id, kind, status, due_at, cancel_reason, recipient_ids FROM reminders WHERE case_id = ? ORDER BY due_at, id',
      [caseId],
    );
  const ms = (v: string | Date) =>
    v instanceof Date ? v.getTime() : Date.parse(/[zZ]$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
  const scheduled = async (caseId: string, kind?: string) =>
    (await rows(caseId)).filter((r) => r.status === 'scheduled' && (!kind || r.kind === kind));

  async function intake(notifiedAt: Date) {
    const res = await t.as.caseworker
      .post('/api/cases')
      .send({
        member: { fullName: 'Tamsin Auto-Reminder' },
        actionType: 'suspension',
        actionDate: dateOnly(notifiedAt),
        notifiedAt: dateOnly(notifiedAt),
        issuingBody: 'National Executive Committee',
        allegations: ['conduct'],
        assigneeId: t.users.caseworker.id,
        coordinatorId: t.users.coordinator.id,
      })
      .expect(201);
    return res.body as { id: string; appealDeadline: string; version: number };
  }

  const current = async (caseId: string) =>
    (await t.as.caseworker.get(`/api/cases/${caseId}`).expect(200)).body;

  it('creates appeal-deadline reminders on intake, moves them with notifiedAt, and skips past offsets', async () => {
    const c = await intake(new Date());
    const made = await scheduled(c.id, 'appeal_deadline');
    expect(made.map((r) => ms(r.due_at))).toEqual([7, 2, 1].map((d) => deadlineAt(c.appealDeadline, d)));
    expect(JSON.parse(made[0].recipient_ids).sort()).toEqual(
      [t.users.caseworker.id, t.users.coordinator.id].sort(),
    );
    // Each is on the Bull schedule, due when the reminder is (the intake's reminders go in one trip).
    for (const r of made) {
      const job = await waitFor(async () => queue.getJob(`reminder:${r.id}`), `job of ${r.kind}`);
      expect(job.data).toEqual({ reminderId: r.id });
      expect(Math.abs(job.timestamp + Number(job.opts.delay) - ms(r.due_at))).toBeLessThan(5_000);
    }

    const earlier = dateOnly(new Date(Date.now() - 2 * DAY));
    await t.as.caseworker
      .patch(`/api/cases/${c.id}`)
      .send({ notifiedAt: earlier, version: (await current(c.id)).version })
      .expect(200);
    const moved = await scheduled(c.id, 'appeal_deadline');
    const deadline = (await current(c.id)).appealDeadline;
    expect(moved.map((r) => r.id)).toEqual(made.map((r) => r.id));
    expect(moved.map((r) => ms(r.due_at))).toEqual([7, 2, 1].map((d) => deadlineAt(deadline, d)));

    // Deadline in about 3 days: the 7-day reminder would lie in the past, so it is not kept.
    await t.as.caseworker
      .patch(`/api/cases/${c.id}`)
      .send({ notifiedAt: dateOnly(new Date(Date.now() - 25 * DAY)), version: (await current(c.id)).version })
      .expect(200);
    const left = await scheduled(c.id, 'appeal_deadline');
    expect(left.every((r) => ms(r.due_at) > Date.now())).toBe(true);
    expect(left).toHaveLength(2);
  });

  it('creates none on intake when the appeal window has closed', async () => {
    const c = await intake(new Date(Date.now() - 40 * DAY));
    expect(await scheduled(c.id)).toEqual([]);
  });

  it('cancels deadline reminders when an appeal is lodged; hearings follow hearingAt and ending the appeal cancels them', async () => {
    const c = await intake(new Date());
    expect(await scheduled(c.id, 'appeal_deadline')).toHaveLength(3);
    const appeal = await t.as.caseworker
      .post(`/api/cases/${c.id}/appeals`)
      .send({ lodgedAt: dateOnly(new Date()), body: 'Appeals Panel', grounds: 'Procedure not followed' })
      .expect(201);
    expect(await scheduled(c.id, 'appeal_deadline')).toEqual([]);
    expect(
      (await rows(c.id)).filter((r) => r.kind === 'appeal_deadline').map((r) => r.cancel_reason),
    ).toEqual(['appeal_lodged', 'appeal_lodged', 'appeal_lodged']);

    const hearingAt = new Date(Date.now() + 10 * DAY);
    const withHearing = await t.as.caseworker
      .patch(`/api/appeals/${appeal.body.id}`)
      .send({ hearingAt: hearingAt.toISOString(), version: appeal.body.version })
      .expect(200);
    const hearings = await scheduled(c.id, 'hearing');
    expect(hearings.map((r) => ms(r.due_at))).toEqual([
      hearingAt.getTime() - 2 * DAY,
      hearingAt.getTime() - 2 * 3600_000,
    ]);

    const later = new Date(hearingAt.getTime() + DAY);
    const movedAgain = await t.as.caseworker
      .patch(`/api/appeals/${appeal.body.id}`)
      .send({ hearingAt: later.toISOString(), version: withHearing.body.version })
      .expect(200);
    const moved = await scheduled(c.id, 'hearing');
    expect(moved.map((r) => r.id)).toEqual(hearings.map((r) => r.id));
    expect(moved.map((r) => ms(r.due_at))).toEqual([
      later.getTime() - 2 * DAY,
      later.getTime() - 2 * 3600_000,
    ]);

    for (const to of ['appeal_lodged', 'hearing_scheduled', 'awaiting_decision']) {
      await t.as.caseworker.post(`/api/cases/${c.id}/transitions`).send({ to }).expect(201);
    }
    expect(await scheduled(c.id, 'hearing')).toHaveLength(2);
    // A decision cannot come before its hearing (still ahead here): the appeal ends by withdrawal.
    await t.as.caseworker
      .post(`/api/cases/${c.id}/transitions`)
      .send({ to: 'upheld', occurredAt: new Date().toISOString() })
      .expect(422);
    await t.as.caseworker
      .patch(`/api/appeals/${appeal.body.id}`)
      .send({ outcome: 'withdrawn', version: movedAgain.body.version })
      .expect(200);
    expect(await scheduled(c.id, 'hearing')).toEqual([]);
    expect((await rows(c.id)).filter((r) => r.kind === 'hearing').map((r) => r.cancel_reason)).toEqual([
      'decided',
      'decided',
    ]);
  });

  it('closing a case cancels all its reminders, manual ones included', async () => {
    const c = await intake(new Date());
    await t.as.caseworker
      .post(`/api/cases/${c.id}/reminders`)
      .send({ dueAt: new Date(Date.now() + DAY).toISOString(), message: 'Call the branch' })
      .expect(201);
    expect(await scheduled(c.id)).toHaveLength(4);
    await t.as.caseworker
      .post(`/api/cases/${c.id}/transitions`)
      .send({ to: 'closed', reason: 'Member withdrew' })
      .expect(201);
    await sleep(200);
    expect(await scheduled(c.id)).toEqual([]);
    expect(new Set((await rows(c.id)).map((r) => r.cancel_reason))).toEqual(new Set(['case_closed']));
  });
});
