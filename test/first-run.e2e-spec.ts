import { statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';

const PASSWORD_LINE = /^ {2}password: (\S+)$/;

describe('first run (no ADMIN_EMAIL, no secrets given)', () => {
  let t: TestApp;
  let password: string;
  beforeAll(async () => {
    t = await createTestApp({ bare: true, env: { JWT_SECRET: '', PSEUDONYM_SECRET: '' } });
  });
  afterAll(() => t.close());

  it('prints the one-time admin password once, to stdout, outside any JSON log line', () => {
    const lines = t.server.output.filter((l) => PASSWORD_LINE.test(l));
    expect(lines).toHaveLength(1);
    password = PASSWORD_LINE.exec(lines[0])![1];
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(t.server.output).toContain('  email:    admin@localhost');
    const jsonLines = t.server.output.filter((l) => l.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(0);
    for (const l of jsonLines) expect(l).not.toContain(password);
    expect(t.server.output.filter((l) => l.includes(password))).toHaveLength(1);
  });

  it('lets the admin sign in with it', async () => {
    const admin = await t.login('admin@localhost', password);
    const me = await admin.get('/api/me').expect(200);
    expect(me.body).toMatchObject({ email: 'admin@localhost', role: 'admin', active: true });
  });

  it('generates the secrets once into a 0600 file under the data folder', () => {
    const file = join(t.dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('prints nothing and creates nobody on restart; tokens stay valid (same generated secret)', async () => {
    const admin = await t.login('admin@localhost', password);
    await t.restart();
    expect(t.server.output.some((l) => PASSWORD_LINE.test(l))).toBe(false);
    expect(t.server.output.some((l) => l.includes(password))).toBe(false);
    await request(t.url).get('/api/me').set('Authorization', `Bearer ${admin.token}`).expect(200);
    const [{ n }] = await t.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM users');
    expect(Number(n)).toBe(1);
  });

  it('makes the admin choose a new password before anything else (PASSWORD_CHANGE_REQUIRED)', async () => {
    const signIn = await request(t.url)
      .post('/api/auth/session')
      .send({ email: 'admin@localhost', password })
      .expect(200);
    expect(signIn.body).toMatchObject({
      passwordChangeRequired: true,
      user: { passwordChangeRequired: true },
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    const browser = (method: 'get' | 'post' | 'delete', path: string) => {
      const http = request(t.url);
      return http[method](path)
        .set('Cookie', cookie)
        .set('Origin', t.url)
        .set('X-CSRF-Token', signIn.body.csrfToken);
    };

    for (const [method, path] of [
      ['get', '/api/users'],
      ['get', '/api/cases'],
      ['post', '/api/users'],
      ['get', '/api/audit'],
      ['get', '/api/notifications'],
    ] as const) {
      const res = await browser(method, path).send({}).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      expect(res.body.message).toMatch(/one-time password.*choose a new password/);
    }
    await browser('get', '/api/me').expect(200);
    await browser('get', '/api/auth/session').expect(200);
    // a bearer token of the same admin is held to it too
    const bearer = await t.login('admin@localhost', password);
    await bearer.get('/api/users').expect(403);

    await browser('post', '/api/me/password')
      .send({ currentPassword: password, newPassword: 'password1234' })
      .expect(400);
    const changed = await browser('post', '/api/me/password')
      .send({ currentPassword: password, newPassword: 'the-first-admin-chose-this' })
      .expect(200);
    expect(changed.body.passwordChangeRequired).toBe(false);
    await browser('get', '/api/users').expect(200);
    await bearer.get('/api/users').expect(200);
    expect((await browser('get', '/api/auth/session').expect(200)).body.passwordChangeRequired).toBe(false);
    // the one-time password is gone
    await request(t.url).post('/api/auth/login').send({ email: 'admin@localhost', password }).expect(401);
  });
});

describe('first run with ADMIN_EMAIL and ADMIN_PASSWORD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates that admin and prints no password', async () => {
    expect(t.server.output.some((l) => PASSWORD_LINE.test(l))).toBe(false);
    const rows = await t.db.query<{ email: string; role: string }>(
      "SELECT email, role FROM users WHERE role = 'admin'",
    );
    expect(rows).toEqual([{ email: 'admin@caseline.test', role: 'admin' }]);
    const [entry] = await t.db.query<{ action: string; actor_id: string | null }>(
      'SELECT action, actor_id FROM audit_entries ORDER BY id LIMIT 1',
    );
    expect(entry).toEqual({ action: 'user.bootstrap_admin', actor_id: null });
  });

  it('does not treat ADMIN_PASSWORD as one-time: the admin may work at once', async () => {
    const me = await t.as.admin.get('/api/me').expect(200);
    expect(me.body.passwordChangeRequired).toBe(false);
    await t.as.admin.get('/api/users').expect(200);
  });
});
