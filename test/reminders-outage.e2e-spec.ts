import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { seedCase } from './factories/seed';
import { notificationsOf, reminderBody, reminderRow } from './factories/reminders';
import { startServer } from './helpers/server';
import { createTestApp, TestApp } from './helpers/test-app';
import { sleep, waitFor } from './helpers/wait';

/** A redis-server of the test's own, on its own port, so the test can stop and start it. */
class OwnRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const probe = spawn('redis-cli', ['-p', String(this.port), 'ping'], {
            stdio: ['ignore', 'pipe', 'ignore'],
          });
          let out = '';
          probe.stdout!.on('data', (c: Buffer) => (out += c.toString()));
          probe.on('exit', () => resolve(out.includes('PONG')));
        }),
      `redis-server on ${this.port}`,
      10_000,
    );
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise((resolve) => {
      proc.once('exit', resolve);
      proc.kill('SIGKILL');
    });
  }
}

const ROOT = join(__dirname, '..');
const BASE_PORT = 6390 + (Number(process.env.JEST_WORKER_ID ?? 1) % 5) * 2;

jest.setTimeout(60_000);

describe('reminders across Redis outages and in worker mode', () => {
  describe('a Redis the test stops for 10 s', () => {
    const redis = new OwnRedis(BASE_PORT);
    let t: TestApp;
    let caseId: string;

    beforeAll(async () => {
      await redis.start();
      t = await createTestApp({ env: { REDIS_URL: `${redis.url}/0`, RECONCILE_INTERVAL_MS: '1000' } });
      ({ caseId } = await seedCase(t.db, t.users.caseworker.id, { assigneeId: t.users.caseworker.id }));
    });
    afterAll(async () => {
      await t?.close();
      await redis.stop();
    });

    it('keeps answering while Redis is down, then the worker resumes and delivers what fell due', async () => {
      const before = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(3000))
        .expect(201);
      await redis.stop();
      const stoppedAt = Date.now();

      const started = Date.now();
      const during = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(2000))
        .expect(201);
      expect(Date.now() - started).toBeLessThan(1000);
      const patchStart = Date.now();
      await t.as.caseworker
        .patch(`/api/reminders/${during.body.id}`)
        .send({ message: 'still fine' })
        .expect(200);
      expect(Date.now() - patchStart).toBeLessThan(1000);
      const ready = await t.http().get('/health/ready').expect(503);
      expect(JSON.stringify(ready.body)).toContain('redis');
      const queues = await t.as.admin.get('/api/admin/queues').expect(200);
      expect(queues.body.queues[0]).toMatchObject({ name: 'reminders', available: false });

      await sleep(Math.max(0, 10_000 - (Date.now() - stoppedAt)));
      expect((await reminderRow(t.db, before.body.id)).status).toBe('scheduled');
      await redis.start(); // empty: it keeps nothing on disk

      for (const id of [before.body.id, during.body.id]) {
        await waitFor(
          async () => (await reminderRow(t.db, id)).status === 'sent',
          `reminder ${id} sent`,
          20_000,
        );
        expect(await notificationsOf(t.db, id)).toHaveLength(1);
      }
      // The worker keeps working after the outage, not only for the backlog.
      const after = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(1000))
        .expect(201);
      await waitFor(
        async () => (await reminderRow(t.db, after.body.id)).status === 'sent',
        'sent after outage',
        5000,
      );
    });
  });

  describe('starting while Redis is down', () => {
    const redis = new OwnRedis(BASE_PORT + 1);
    let t: TestApp;

    afterAll(async () => {
      await t?.close();
      await redis.stop();
    });

    it('boots and serves /api, keeps reminders in the database and queues them once Redis is up', async () => {
      t = await createTestApp({ env: { REDIS_URL: `${redis.url}/0`, RECONCILE_INTERVAL_MS: '1000' } });
      await t.as.caseworker.get('/api/me').expect(200);
      const { caseId } = await seedCase(t.db, t.users.caseworker.id, { assigneeId: t.users.caseworker.id });
      const started = Date.now();
      const r = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(500))
        .expect(201);
      expect(Date.now() - started).toBeLessThan(1000);
      await sleep(1500);
      expect((await reminderRow(t.db, r.body.id)).status).toBe('scheduled');
      await redis.start();
      await waitFor(async () => (await reminderRow(t.db, r.body.id)).status === 'sent', 'sent', 20_000);
    });
  });

  describe('worker mode', () => {
    let t: TestApp;
    let worker: Awaited<ReturnType<typeof startServer>> | undefined;

    beforeAll(async () => {
      t = await createTestApp({ env: { WORKER: 'off', RECONCILE_INTERVAL_MS: '1000' } });
    });
    afterAll(async () => {
      await worker?.stop();
      await t?.close();
    });

    it('the API with WORKER=off only schedules; a separate worker process delivers', async () => {
      const { caseId } = await seedCase(t.db, t.users.caseworker.id, { assigneeId: t.users.caseworker.id });
      const r = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(1000))
        .expect(201);
      await sleep(2500);
      expect((await reminderRow(t.db, r.body.id)).status).toBe('scheduled');

      worker = await startServer(t.env, {
        script: join(ROOT, 'dist', 'worker.js'),
        readyPattern: /Caseline worker ready/,
      });
      await waitFor(
        async () => (await reminderRow(t.db, r.body.id)).status === 'sent',
        'sent by the worker',
        10_000,
      );
      expect(await notificationsOf(t.db, r.body.id)).toHaveLength(1);
      expect(worker.output.join('\n')).not.toMatch(/listening on/);

      const next = await t.as.caseworker
        .post(`/api/cases/${caseId}/reminders`)
        .send(reminderBody(1000))
        .expect(201);
      await waitFor(async () => (await reminderRow(t.db, next.body.id)).status === 'sent', 'next sent', 5000);
    });
  });
});
