import Queue from 'bull';
import { intake } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { createTestApp, TEST_REDIS_BASE, TestApp } from './helpers/test-app';
import { waitFor } from './helpers/wait';

describe('admin queues: the system overview and retrying failed jobs', () => {
  let t: TestApp;
  let exportsQueue: Queue.Queue;
  beforeAll(async () => {
    t = await createTestApp();
    exportsQueue = new Queue('exports', `${TEST_REDIS_BASE}/${t.redisDb}`);
  });
  afterAll(async () => {
    await exportsQueue.close();
    await t.close();
  });

  it('reports the last reminder reconcile and the evidence store (kept files and bytes, no tombstones)', async () => {
    const overview = await waitFor(async () => {
      const res = await t.as.admin.get('/api/admin/queues').expect(200);
      return res.body.lastReminderReconcile.at ? res.body : null;
    }, 'a recorded reconcile');
    expect(Date.parse(overview.lastReminderReconcile.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(overview.lastReminderReconcile.added).toEqual(expect.any(Number));

    const c = await intake(t.as.caseworker);
    const upload = (name: string, file: Buffer) =>
      t.as.caseworker
        .post(`/api/cases/${c.id}/evidence`)
        .field('description', 'Letter')
        .field('source', 'Member')
        .attach('file', file, { filename: name, contentType: 'application/pdf' })
        .expect(201);
    const kept = fixtures.pdf('kept');
    const gone = fixtures.pdf('deleted later, a little longer');
    await upload('kept.pdf', kept);
    const deleted = await upload('gone.pdf', gone);
    await t.as.admin.delete(`/api/evidence/${deleted.body.id}`).send({ reason: 'wrong case' }).expect(200);
    const after = await t.as.admin.get('/api/admin/queues').expect(200);
    expect(after.body.evidence).toEqual({ files: 1, bytes: kept.length });
  });

  it('puts failed jobs back to run, audited; 404 for an unknown queue; admins only', async () => {
    // A job no processor knows fails at once, like any failed job.
    await exportsQueue.add('no-such-job', {}, { attempts: 1 });
    await waitFor(async () => (await exportsQueue.getFailedCount()) === 1, 'a failed job');
    await t.as.coordinator.post('/api/admin/queues/exports/failed/retry').expect(403);
    await t.as.researcher.post('/api/admin/queues/exports/failed/retry').expect(403);
    await t.as.admin.post('/api/admin/queues/nope/failed/retry').expect(404);
    const res = await t.as.admin.post('/api/admin/queues/exports/failed/retry').expect(200);
    expect(res.body).toEqual({ queue: 'exports', retried: 1 });
    const [row] = await t.db.query<{ actor_id: string; details: string }>(
      "SELECT actor_id, details FROM audit_entries WHERE action = 'queue.retry_failed' AND entity_id = 'exports'",
    );
    expect(row.actor_id).toBe(t.users.admin.id);
    expect(JSON.parse(row.details)).toEqual({ retried: 1 });
    // It ran again (and, still unknown, failed again): retried, not copied.
    await waitFor(async () => (await exportsQueue.getFailedCount()) === 1, 'the retried job failing again');
    expect((await exportsQueue.getJobCounts()).waiting).toBe(0);
  });
});
