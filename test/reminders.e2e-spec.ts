import Queue from 'bull';
import { randomUUID } from 'node:crypto';
import { seedCase } from './factories/seed';
import { notificationsOf, reminderBody, reminderRow } from './factories/reminders';
import { createTestApp, TEST_REDIS_BASE, TestApp } from './helpers/test-app';
import { sleep, waitFor } from './helpers/wait';

/**
 * Reminders against a real Redis (the app's private database number): scheduling, delivery,
 * cancellation, rescheduling, Redis losing its data, duplicate jobs, routes and bad input.
 */
jest.setTimeout(60_000);

describe('reminders', () => {
  let t: TestApp;
  let caseId: string;
  let queue: Queue.Queue;

  beforeAll(async () => {
    t = await createTestApp({ env: { RECONCILE_INTERVAL_MS: '1000', REMINDER_BACKOFF_MS: '100' } });
    ({ caseId } = await seedCase(t.db, t.users.caseworker.id, {
      assigneeId: t.users.caseworker.id,
      coordinatorId: t.users.coordinator.id,
    }));
    queue = new Queue('reminders', `${TEST_REDIS_BASE}/${t.redisDb}`);
  });
  afterAll(async () => {
    await queue?.close();
    await t?.close();
  });

  const create = (inMs: number, overrides: Record<string, unknown> = {}) =>
    t.as.caseworker.post(`/api/cases/${caseId}/reminders`).send(reminderBody(inMs, overrides));

  it('fires a reminder due in 2 s exactly once, within 3 s, and marks it sent', async () => {
    const res = await create(2000).expect(201);
    expect(res.body).toMatchObject({ status: 'scheduled', channels: ['inapp'], kind: 'custom' });
    expect(res.body.recipientIds.sort()).toEqual([t.users.caseworker.id, t.users.coordinator.id].sort());
    const start = Date.now();
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 3500, 50);
    expect(Date.now() - start).toBeLessThan(3500);
    const notes = await notificationsOf(t.db, res.body.id);
    expect(notes.map((n) => n.user_id).sort()).toEqual(res.body.recipientIds.sort());
    expect(notes[0]).toMatchObject({ kind: 'custom', message: 'Check the appeal papers' });
    expect((await reminderRow(t.db, res.body.id)).sent_at).toBeTruthy();
    await sleep(1500);
    expect(await notificationsOf(t.db, res.body.id)).toHaveLength(2);
  });

  it('never fires a cancelled reminder and removes its job', async () => {
    const res = await create(1500).expect(201);
    await waitFor(async () => (await queue.getJob(`reminder:${res.body.id}`)) ?? null, 'job added');
    const del = await t.as.coordinator.delete(`/api/reminders/${res.body.id}`).expect(200);
    expect(del.body.status).toBe('cancelled');
    expect(await queue.getJob(`reminder:${res.body.id}`)).toBeNull();
    await sleep(3000);
    expect(await notificationsOf(t.db, res.body.id)).toEqual([]);
    expect((await reminderRow(t.db, res.body.id)).status).toBe('cancelled');
  });

  it('fires a rescheduled reminder once, at the new time only', async () => {
    const res = await create(1500).expect(201);
    const newDue = new Date(Date.now() + 4000);
    const patched = await t.as.caseworker
      .patch(`/api/reminders/${res.body.id}`)
      .send({ dueAt: newDue.toISOString() })
      .expect(200);
    expect(new Date(patched.body.dueAt).getTime()).toBe(newDue.getTime());
    const job = await waitFor(async () => queue.getJob(`reminder:${res.body.id}`), 'moved job');
    expect(job.timestamp + (job.opts.delay ?? 0)).toBeGreaterThanOrEqual(newDue.getTime() - 50);
    await sleep(2500); // past the old time
    expect(await notificationsOf(t.db, res.body.id)).toEqual([]);
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 4000, 50);
    expect(Date.now()).toBeGreaterThanOrEqual(newDue.getTime() - 100);
    expect(await notificationsOf(t.db, res.body.id)).toHaveLength(2);
  });

  it('refuses to change or cancel a reminder that is no longer scheduled (409)', async () => {
    const res = await create(60_000).expect(201);
    await t.as.caseworker.delete(`/api/reminders/${res.body.id}`).expect(200);
    const patch = await t.as.caseworker
      .patch(`/api/reminders/${res.body.id}`)
      .send({ message: 'x' })
      .expect(409);
    expect(patch.body.message).toMatch(/only a scheduled reminder/i);
    await t.as.caseworker.delete(`/api/reminders/${res.body.id}`).expect(409);
  });

  it('still fires once when Redis is flushed while the app runs (next reconcile)', async () => {
    const res = await create(1500).expect(201);
    await waitFor(async () => queue.getJob(`reminder:${res.body.id}`), 'job added');
    await t.redis.flushdb();
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 8000);
    await sleep(1500);
    expect(await notificationsOf(t.db, res.body.id)).toHaveLength(2);
  });

  it('sends one notification per recipient when a duplicate job is added by hand', async () => {
    const res = await create(1500, { recipientIds: [t.users.coordinator.id] }).expect(201);
    await queue.add('deliver-reminder', { reminderId: res.body.id }, { delay: 1500 });
    await queue.add('deliver-reminder', { reminderId: res.body.id }, { delay: 1600 });
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 5000);
    await sleep(1500);
    expect(await notificationsOf(t.db, res.body.id)).toHaveLength(1);
  });

  it('still fires once after Redis was flushed while the app was stopped', async () => {
    const res = await create(4000).expect(201);
    await waitFor(async () => queue.getJob(`reminder:${res.body.id}`), 'job added');
    await t.server.stop();
    await t.redis.flushdb();
    await t.restart();
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 10_000);
    await sleep(1500);
    expect(await notificationsOf(t.db, res.body.id)).toHaveLength(2);
  });

  // A unit of work is one connection: reads sent at once through its manager (Promise.all) queue
  // on pg's busy client, which pg deprecates with this warning on stderr (SQLite never warns).
  it('delivers and reconciles reminders without queueing a query on a busy pg client', async () => {
    const { caseId: other } = await seedCase(t.db, t.users.caseworker.id, {
      assigneeId: t.users.caseworker.id,
    });
    const res = await t.as.caseworker
      .post(`/api/cases/${other}/reminders`)
      .send(reminderBody(300))
      .expect(201);
    await waitFor(async () => (await reminderRow(t.db, res.body.id)).status === 'sent', 'sent', 5000);
    await t.as.caseworker
      .post(`/api/cases/${other}/transitions`)
      .send({ to: 'gathering_evidence' })
      .expect(201);
    expect(t.server.output.filter((line) => /already executing a query/.test(line))).toEqual([]);
  });

  describe('routes', () => {
    it('lists a case’s reminders and filters all reminders', async () => {
      const a = await create(3_600_000, { kind: 'follow_up' }).expect(201);
      const list = await t.as.coordinator.get(`/api/cases/${caseId}/reminders?limit=200`).expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(a.body.id);
      const filtered = await t.as.coordinator
        .get(`/api/reminders?kind=follow_up&status=scheduled&caseId=${caseId}`)
        .expect(200);
      expect(filtered.body.items.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
      const from = new Date(Date.now() + 3_000_000).toISOString();
      const to = new Date(Date.now() + 4_000_000).toISOString();
      const ranged = await t.as.coordinator.get(`/api/reminders?from=${from}&to=${to}`).expect(200);
      expect(ranged.body.items.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
      const paged = await t.as.coordinator.get('/api/reminders?limit=1&page=2').expect(200);
      expect(paged.body).toMatchObject({ page: 2, limit: 1 });
      expect(paged.body.items).toHaveLength(1);
      expect(paged.body.total).toBeGreaterThan(2);
    });

    it('refuses researchers everywhere (403)', async () => {
      const r = await create(60_000).expect(201);
      await t.as.researcher.post(`/api/cases/${caseId}/reminders`).send(reminderBody()).expect(403);
      await t.as.researcher.get(`/api/cases/${caseId}/reminders`).expect(403);
      await t.as.researcher.get('/api/reminders').expect(403);
      await t.as.researcher.patch(`/api/reminders/${r.body.id}`).send({ message: 'x' }).expect(403);
      await t.as.researcher.delete(`/api/reminders/${r.body.id}`).expect(403);
      await t.as.researcher.get('/api/admin/queues').expect(403);
      await t.as.coordinator.get('/api/admin/queues').expect(403);
    });

    it('audits creation, change, cancellation and delivery', async () => {
      const r = await create(500).expect(201);
      await waitFor(async () => (await reminderRow(t.db, r.body.id)).status === 'sent', 'sent');
      const other = await create(60_000).expect(201);
      await t.as.caseworker
        .patch(`/api/reminders/${other.body.id}`)
        .send({ message: 'private words' })
        .expect(200);
      await t.as.caseworker.delete(`/api/reminders/${other.body.id}`).expect(200);
      const actions = async (id: string) =>
        (
          await t.db.query<{ action: string; details: string }>(
            'SELECT action, details FROM audit_entries WHERE entity_id = ? ORDER BY id',
            [id],
          )
        ).map((a) => a.action);
      expect(await actions(r.body.id)).toEqual(['reminder.create', 'reminder.sent']);
      expect(await actions(other.body.id)).toEqual(['reminder.create', 'reminder.update', 'reminder.cancel']);
      const details = await t.db.query<{ details: string }>(
        'SELECT details FROM audit_entries WHERE entity_id = ?',
        [other.body.id],
      );
      expect(details.map((d) => d.details).join()).not.toContain('private words');
    });

    it('shows queue counts and reminder counts to admins', async () => {
      const res = await t.as.admin.get('/api/admin/queues').expect(200);
      const names = res.body.queues.map((q: { name: string }) => q.name);
      expect(names).toEqual(['reminders', 'exports']);
      expect(res.body.queues[0]).toMatchObject({ available: true });
      for (const key of ['waiting', 'delayed', 'active', 'failed', 'completed']) {
        expect(typeof res.body.queues[0][key]).toBe('number');
      }
      const [db] = await t.db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM reminders WHERE status = 'scheduled'",
      );
      expect(res.body.reminders.scheduled).toBe(Number(db.n));
      expect(res.body.reminders.sent).toBeGreaterThan(0);
      expect(typeof res.body.reminders.failed).toBe('number');
    });
  });

  describe('notifications', () => {
    it('lists the caller’s own notifications, unread first, and marks one read', async () => {
      const first = await create(1000, { recipientIds: [t.users.coordinator.id], message: 'first' }).expect(
        201,
      );
      await waitFor(async () => (await reminderRow(t.db, first.body.id)).status === 'sent', 'sent');
      const second = await create(1000, { recipientIds: [t.users.coordinator.id], message: 'second' }).expect(
        201,
      );
      await waitFor(async () => (await reminderRow(t.db, second.body.id)).status === 'sent', 'sent');
      const mine = await t.as.coordinator.get('/api/notifications?limit=200').expect(200);
      const firstNote = mine.body.items.find((n: { reminderId: string }) => n.reminderId === first.body.id);
      expect(firstNote).toMatchObject({ read: false, caseId, kind: 'custom', message: 'first' });
      expect(firstNote.caseReference).toMatch(/^CL-/);

      // Someone else's notification is unknown to the caller.
      await t.as.caseworker.post(`/api/notifications/${firstNote.id}/read`).expect(404);
      const read = await t.as.coordinator.post(`/api/notifications/${firstNote.id}/read`).expect(200);
      expect(read.body.read).toBe(true);

      const after = await t.as.coordinator.get('/api/notifications?limit=200').expect(200);
      const flags = after.body.items.map((n: { read: boolean }) => n.read);
      expect(flags.indexOf(true)).toBeGreaterThan(flags.lastIndexOf(false));
      expect(after.body.items.at(-1).id).toBe(firstNote.id);
      expect(after.body.unread).toBe(flags.filter((f: boolean) => !f).length);
      const page = await t.as.coordinator.get('/api/notifications?limit=1&page=1').expect(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBe(after.body.total);

      const caseworkers = await t.as.caseworker.get('/api/notifications?limit=200').expect(200);
      expect(caseworkers.body.items.map((n: { id: string }) => n.id)).not.toContain(firstNote.id);
    });
  });

  describe('bad input names the problem', () => {
    let otherCaseId: string;
    let reminderOfOtherCase: string;
    beforeAll(async () => {
      ({ caseId: otherCaseId } = await seedCase(t.db, t.users.caseworker.id));
      const res = await t.as.caseworker
        .post(`/api/cases/${otherCaseId}/reminders`)
        .send(reminderBody(60_000))
        .expect(201);
      reminderOfOtherCase = res.body.id;
    });

    it.each([
      [
        'past dueAt',
        { dueAt: new Date(Date.now() - 60_000).toISOString() },
        422,
        /dueAt must be in the future/,
      ],
      ['malformed dueAt', { dueAt: 'tomorrow' }, 400, /dueAt must be an ISO 8601 date-time/],
      ['missing message', { message: undefined }, 400, /message is required/],
      ['empty message', { message: '' }, 400, /message is required/],
      ['too long message', { message: 'x'.repeat(2001) }, 400, /message must be at most 2000 characters/],
      [
        'unknown channel',
        { channels: ['pigeon'] },
        400,
        /channels must each be one of: inapp, email, webhook/,
      ],
      ['email without SMTP', { channels: ['email'] }, 422, /email is not configured/],
      ['webhook without URL', { channels: ['webhook'] }, 422, /webhook is not configured/],
      ['unknown kind', { kind: 'birthday' }, 400, /kind must be one of/],
      ['malformed recipient', { recipientIds: ['nobody'] }, 400, /recipientIds must each be a user id/],
      ['unknown recipient', { recipientIds: [randomUUID()] }, 422, /recipientIds: .* is not an active user/],
      ['unknown field', { caseId: randomUUID() }, 400, /property caseId should not exist/],
    ])('%s', async (_name, overrides, status, message) => {
      const body: Record<string, unknown> = { ...reminderBody(60_000), ...overrides };
      const res = await t.as.caseworker.post(`/api/cases/${caseId}/reminders`).send(body).expect(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it('an inactive recipient', async () => {
      const user = await t.createUser('caseworker');
      await t.as.admin.patch(`/api/users/${user.id}`).send({ active: false }).expect(200);
      const res = await create(60_000, { recipientIds: [user.id] }).expect(422);
      expect(res.body.message).toContain(user.id);
      expect(res.body.message).toMatch(/not an active user/);
    });

    it('a researcher as recipient', async () => {
      const res = await create(60_000, { recipientIds: [t.users.researcher.id] }).expect(422);
      expect(res.body.message).toMatch(/not an active user who may receive reminders/);
    });

    it('another case’s reminder id', async () => {
      const res = await t.as.caseworker
        .get(`/api/cases/${caseId}/reminders/${reminderOfOtherCase}`)
        .expect(404);
      expect(res.body.message).toBe('Reminder not found');
      await t.as.caseworker.get(`/api/cases/${otherCaseId}/reminders/${reminderOfOtherCase}`).expect(200);
    });

    it('an unknown case or reminder (404) and a malformed id (400)', async () => {
      await t.as.caseworker.post(`/api/cases/${randomUUID()}/reminders`).send(reminderBody()).expect(404);
      await t.as.caseworker.patch(`/api/reminders/${randomUUID()}`).send({ message: 'x' }).expect(404);
      await t.as.caseworker.delete('/api/reminders/not-a-uuid').expect(400);
    });

    it('a past dueAt on PATCH', async () => {
      const r = await create(60_000).expect(201);
      const res = await t.as.caseworker
        .patch(`/api/reminders/${r.body.id}`)
        .send({ dueAt: new Date(Date.now() - 1000).toISOString() })
        .expect(422);
      expect(res.body.message).toMatch(/dueAt must be in the future/);
    });

    it('bad list filters', async () => {
      const res = await t.as.caseworker.get('/api/reminders?status=lost&limit=500').expect(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^status must be one of/),
          'limit must be at most 200',
        ]),
      );
    });
  });

  describe('automatic reminders (seeded cases)', () => {
    it('the follow-up sweep creates one reminder per quiet case, once per quiet period', async () => {
      const quiet = await seedCase(t.db, t.users.caseworker.id, { assigneeId: t.users.caseworker.id });
      const closed = await seedCase(t.db, t.users.caseworker.id, { status: 'closed' });
      const old = '2020-01-01 00:00:00.000';
      const stamp = t.db.kind === 'sqlite' ? old : '2020-01-01T00:00:00Z';
      await t.db.query('UPDATE cases SET created_at = ? WHERE id IN (?, ?)', [
        stamp,
        quiet.caseId,
        closed.caseId,
      ]);
      let lastSweep = '';
      const sweep = async () => {
        lastSweep = `sweep-${randomUUID()}`;
        await queue.add('follow-up-sweep', {}, { jobId: lastSweep, removeOnComplete: 100 });
      };
      const followUps = (id: string) =>
        t.db.query<{ id: string; status: string; recipient_ids: string }>(
          "SELECT id, status, recipient_ids FROM reminders WHERE case_id = ? AND kind = 'follow_up'",
          [id],
        );
      await sweep();
      const [made] = await waitFor(
        async () => {
          const rows = await followUps(quiet.caseId);
          return rows.length ? rows : null;
        },
        'follow-up reminder',
        20_000,
      ).catch(async (e) => {
        const job = await queue.getJob(lastSweep);
        e.message += ` (sweep job ${job ? await job.getState() : 'gone'}; counts ${JSON.stringify(await queue.getJobCounts())})`;
        // What the server said about the sweep, to tell a slow machine from a broken sweep.
        throw new Error(
          `${e.message}\n${t.server.output
            .filter((l) => /sweep|error|fail/i.test(l))
            .slice(-10)
            .join('\n')}`,
        );
      });
      expect(JSON.parse(made.recipient_ids)).toEqual([t.users.caseworker.id]);
      await waitFor(async () => (await reminderRow(t.db, made.id)).status === 'sent', 'follow-up sent');
      await sweep();
      await sleep(1500);
      expect(await followUps(quiet.caseId)).toHaveLength(1);
      expect(await followUps(closed.caseId)).toHaveLength(0);
    });

    it('a seeded case with a live appeal window gets its deadline reminders at start (safety-net sweep)', async () => {
      const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
      const seeded = await seedCase(t.db, t.users.caseworker.id, {
        appealDeadline: deadline,
        coordinatorId: t.users.coordinator.id,
      });
      await t.restart();
      const rows = await waitFor(async () => {
        const r = await t.db.query<{ kind: string; due_at: string; recipient_ids: string }>(
          "SELECT kind, due_at, recipient_ids FROM reminders WHERE case_id = ? AND status = 'scheduled' ORDER BY due_at",
          [seeded.caseId],
        );
        return r.length ? r : null;
      }, 'automatic reminders');
      expect(rows.map((r) => r.kind)).toEqual(['appeal_deadline', 'appeal_deadline', 'appeal_deadline']);
      expect(JSON.parse(rows[0].recipient_ids)).toEqual([t.users.coordinator.id]);
      const due = rows.map(
        (r) => new Date(t.db.kind === 'sqlite' ? `${r.due_at.replace(' ', 'T')}Z` : r.due_at),
      );
      expect(due.map((d) => d.toISOString())).toEqual(
        [7, 2, 1].map((days) =>
          new Date(Date.parse(`${deadline}T09:00:00Z`) - days * 86_400_000).toISOString(),
        ),
      );
    });
  });
});
