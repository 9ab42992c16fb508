import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';

const USER_LINE = /^ {2}(admin|caseworker|coordinator|researcher) +(demo-\S+@caseline\.example) +(\S+)$/;

const CLI = join(__dirname, '..', 'dist', 'cli', 'seed-demo.js');

describe('npm run seed:demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const seed = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...t.env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  let demoUsers: { role: string; email: string; password: string }[] = [];

  it('fills an empty database with fictional cases in every status, then refuses to run again without --force', async () => {
    const first = seed();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    demoUsers = first.stdout
      .split('\n')
      .map((l) => USER_LINE.exec(l))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map(([, role, email, password]) => ({ role, email, password }));
    const rows = await t.db.query<{ status: string; n: number }>(
      'SELECT status, COUNT(*) AS n FROM cases GROUP BY status',
    );
    expect(rows).toHaveLength(9);
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBeGreaterThanOrEqual(200);
    const [{ n: appeals }] = await t.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM appeals');
    expect(Number(appeals)).toBeGreaterThan(50);

    // The server reads the seeded data like any other.
    const list = await t.as.coordinator.get('/api/cases?status=reinstated&sort=appealDeadline').expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    const one = await t.as.coordinator.get(`/api/cases/${list.body.items[0].id}/timeline`).expect(200);
    expect(one.body.map((e: { type: string }) => e.type)).toContain('decision');

    const again = seed();
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/--force/);
    expect(again.stdout).not.toMatch(USER_LINE);

    const forced = seed('--force', '--count', '20');
    expect(forced.status).toBe(0);
    const [{ n }] = await t.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cases');
    expect(Number(n)).toBe(260);

    // New intakes continue the seeded per-year sequences instead of reusing a reference.
    const refs = await t.db.query<{ reference: string }>('SELECT reference FROM cases');
    expect(new Set(refs.map((r) => r.reference)).size).toBe(refs.length);
  });

  describe('what a newcomer sees', () => {
    const today = new Date().toISOString().slice(0, 10);
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

    /** Signs in as a demo user in the browser's way; a request helper with the cookie. */
    async function signInAs(role: string) {
      const user = demoUsers.find((u) => u.role === role)!;
      const res = await request(t.url)
        .post('/api/auth/session')
        .send({ email: user.email, password: user.password })
        .expect(200);
      expect(res.body.user.role).toBe(role);
      expect(res.body.passwordChangeRequired).toBe(false);
      const cookie = String(res.headers['set-cookie']).split(';')[0];
      return {
        id: res.body.user.id as string,
        get: (path: string) => request(t.url).get(path).set('Cookie', cookie),
        post: (path: string) =>
          request(t.url)
            .post(path)
            .set('Cookie', cookie)
            .set('Origin', t.url)
            .set('X-CSRF-Token', res.body.csrfToken),
      };
    }

    it('prints one demo user of every role, once, each able to sign in', async () => {
      expect(demoUsers.map((u) => u.role).sort()).toEqual([
        'admin',
        'caseworker',
        'coordinator',
        'researcher',
      ]);
      for (const u of demoUsers) await signInAs(u.role);
      const admin = await signInAs('admin');
      await admin.get('/api/users').expect(200);
      const researcher = await signInAs('researcher');
      await researcher.get('/api/cases').expect(403);
    });

    it('gives the demo caseworker cases with appeal deadlines overdue and this week or next', async () => {
      const cw = await signInAs('caseworker');
      const mine = await cw.get(`/api/cases?assigneeId=${cw.id}&limit=200`).expect(200);
      expect(mine.body.total).toBeGreaterThan(20);
      const open = (mine.body.items as { status: string; appealDeadline: string }[]).filter((c) =>
        ['intake', 'gathering_evidence'].includes(c.status),
      );
      expect(open.some((c) => c.appealDeadline < today)).toBe(true);
      expect(open.some((c) => c.appealDeadline >= today && c.appealDeadline <= inDays(14))).toBe(true);
    });

    it('has hearings this week and next, reminders to come and unread notifications', async () => {
      const hearings = await t.db.query<{ hearing_at: unknown }>(
        "SELECT a.hearing_at FROM appeals a JOIN cases c ON c.id = a.case_id WHERE c.status = 'hearing_scheduled' AND a.outcome = 'pending'",
      );
      expect(hearings.length).toBeGreaterThan(0);
      for (const h of hearings) {
        const at =
          h.hearing_at instanceof Date
            ? h.hearing_at
            : new Date(`${String(h.hearing_at).replace(' ', 'T')}Z`);
        expect(at.getTime()).toBeGreaterThan(Date.now());
        expect(at.getTime()).toBeLessThan(Date.now() + 15 * 86_400_000);
      }
      const coordinator = await signInAs('coordinator');
      const reminders = await coordinator.get('/api/reminders?status=scheduled').expect(200);
      const items = (reminders.body.items ?? reminders.body) as { dueAt: string }[];
      expect(items.length).toBeGreaterThan(0);
      const cw = await signInAs('caseworker');
      const notes = await cw.get('/api/notifications').expect(200);
      const list = (notes.body.items ?? notes.body) as { readAt: string | null }[];
      expect(list.some((n) => n.readAt === null)).toBe(true);
      expect(list.some((n) => n.readAt !== null)).toBe(true);
    });

    it('puts evidence files on some cases that download and verify', async () => {
      const [row] = await t.db.query<{ id: string; sha256: string }>(
        "SELECT id, sha256 FROM evidence WHERE filename LIKE 'notification-letter-%' LIMIT 1",
      );
      expect(row).toBeDefined();
      const cw = await signInAs('caseworker');
      const content = await cw.get(`/api/evidence/${row.id}/content`).buffer(true).expect(200);
      expect(content.headers['content-type']).toMatch(/^application\/pdf/);
      const verified = await cw.post(`/api/evidence/${row.id}/verify`).expect(200);
      expect(verified.body).toMatchObject({ ok: true, sha256: row.sha256, expectedSha256: row.sha256 });
      const custody = await cw.get(`/api/evidence/${row.id}/custody`).expect(200);
      expect(custody.body.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['uploaded']),
      );
    });
  });
});
