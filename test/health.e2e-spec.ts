import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './helpers/ports';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /health/live without a token', async () => {
    const res = await request(t.url).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /health/ready with the database and Redis up', async () => {
    const res = await request(t.url).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
    // SQLite reads through a read-only connection of their own; PostgreSQL's pool serves both.
    if (process.env.TEST_DATABASE === 'postgres') expect(res.body.info.database_reads).toBeUndefined();
    else expect(res.body.info.database_reads).toMatchObject({ status: 'up' });
  });

  it('is not under /api', async () => {
    await request(t.url).get('/api/health/ready').expect(404);
  });
});

describe('health with Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // port 1: nothing listens there
    t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(() => t.close());

  it('answers /health/ready with 503 naming redis, and the database up', async () => {
    const started = Date.now();
    const res = await request(t.url).get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { redis: { status: 'down' } },
      info: { database: { status: 'up' } },
    });
    expect(res.body.error.database).toBeUndefined();
  });

  it('keeps serving /api: login, reads and writes', async () => {
    // createTestApp already signed in every role and created users while Redis was down
    await t.as.admin.get('/api/me').expect(200);
    await t.as.caseworker.get('/api/me').expect(200);
    const u = await t.createUser('researcher');
    await u.agent.get('/api/me').expect(200);
    expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    await request(t.url).get('/health/live').expect(200);
  });

  it('stays up (no crash, no error flood) while Redis is down', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    await request(t.url).get('/health/live').expect(200);
    expect(t.server.process.exitCode).toBeNull();
    expect(t.server.output.filter((l) => /ECONNREFUSED/.test(l)).length).toBeLessThan(5);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('health when Redis comes and goes', () => {
  let t: TestApp;
  let port: number;
  let redis: ChildProcess | undefined;
  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}/0` } });
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await t.close();
  });

  const ready = async () => (await request(t.url).get('/health/ready')).status;

  it('turns ready once Redis starts, and not ready again when it stops', async () => {
    expect(await ready()).toBe(503);
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    expect(await until(async () => (await ready()) === 200, 15_000)).toBe(true);
    redis.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));
    expect(await until(async () => (await ready()) === 503, 5000)).toBe(true);
    await t.as.admin.get('/api/me').expect(200);
  });
});
