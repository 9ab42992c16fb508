import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { openDb } from './helpers/db';
import { MAIN } from './helpers/server';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, freshDatabaseUrl, TestApp } from './helpers/test-app';

const ROOT = join(__dirname, '..');

function runNode(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('start-up errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = () => ({ DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });

  it.each([
    ['PORT', 'not-a-port'],
    ['DATABASE_URL', 'mysql://localhost/caseline'],
    ['REDIS_URL', 'http://localhost'],
    ['LOG_LEVEL', 'chatty'],
    ['MAX_EVIDENCE_BYTES', '-5'],
    ['APPEAL_WINDOW_DAYS', 'four weeks'],
    ['REMINDER_OFFSETS', 'appeal_deadline:soon'],
    ['SMTP_URL', 'mail.example.org'],
    ['WEBHOOK_URL', 'https://hooks.example.org/caseline'],
    ['JWT_SECRET', 'too-short'],
  ])('exits non-zero naming %s when it is %p', (name, value) => {
    const r = runNode(MAIN, [], { ...base(), [name]: value });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Caseline cannot start');
    expect(r.stderr).toContain(name === 'WEBHOOK_URL' ? 'WEBHOOK_SECRET' : name);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('exits non-zero in production without secrets, naming both', () => {
    const r = runNode(MAIN, [], { ...base(), NODE_ENV: 'production' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/JWT_SECRET is required in production/);
    expect(r.stderr).toMatch(/PSEUDONYM_SECRET is required in production/);
    expect(r.stderr).toMatch(/PUBLIC_URL is required in production/);
    expect(r.stderr).toMatch(/LOG_SIGNING_KEY is required in production/);
  });
});

describe('migrations CLI', () => {
  it('applies every migration to a fresh database, finds nothing more to do, and reverts them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseline-migrate-'));
    const database = await freshDatabaseUrl(dir);
    try {
      const cli = join(ROOT, 'dist', 'database', 'cli.js');
      const show = runNode(cli, ['show'], { DATABASE_URL: database.url });
      expect(show.stdout).toContain('there are pending migrations');
      const run = runNode(cli, ['run'], { DATABASE_URL: database.url });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/applied Platform\d+/);
      const again = runNode(cli, ['run'], { DATABASE_URL: database.url });
      expect(again.stdout).toContain('no pending migrations');
      // every migration can be undone, and applied again
      const applied = (run.stdout.match(/applied /g) ?? []).length;
      for (let i = 0; i < applied; i++) {
        const revert = runNode(cli, ['revert'], { DATABASE_URL: database.url });
        expect({ i, status: revert.status, stderr: revert.stderr }).toEqual({ i, status: 0, stderr: '' });
      }
      const redo = runNode(cli, ['run'], { DATABASE_URL: database.url });
      expect((redo.stdout.match(/applied /g) ?? []).length).toBe(applied);
      const db = await openDb(database.url);
      const rows = await db.query<{ id: number }>('SELECT id FROM audit_head');
      await db.close();
      expect(rows).toHaveLength(1);
      expect(runNode(cli, ['bogus'], {}).status).toBe(2);
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lets an in-flight request finish after SIGTERM, refuses new ones, and exits', async () => {
    const body = JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const socket: Socket = connect(t.server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (c) => (response += c.toString()));
    const closed = new Promise((r) => socket.once('close', r));
    // headers and half the body: the request is in flight
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<number | null>((r) => t.server.process.once('exit', (code) => r(code)));
    const stoppedAt = Date.now();
    t.server.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // no new connections
    await expect(request(t.url).get('/health/live').timeout(2000)).rejects.toThrow();
    socket.write(body.slice(10));
    await Promise.race([closed, new Promise((r) => setTimeout(r, 8000).unref())]);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('accessToken');
    socket.destroy();
    await exited;
    // The server cut the idle connection once its response was out; left to keep-alive it would
    // have held it (and the exit) 5 s after that response, sent ~0.6 s after SIGTERM.
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
  });
});
