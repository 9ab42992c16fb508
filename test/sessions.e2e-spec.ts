import { createHash } from 'node:crypto';
import request from 'supertest';
import { intakePayload } from './factories/case-payloads';
import { dbTimestamp } from './factories/seed';
import { rawRequest } from './helpers/raw-http';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TEST_PASSWORD, TestApp } from './helpers/test-app';

interface Signed {
  /** The Cookie header to send back. */
  cookie: string;
  token: string;
  csrf: string;
  setCookie: string;
  body: Record<string, unknown>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Sessions of the browser: the cookie, CSRF, sign-out, expiry. */
describe('browser sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
    const res = await request(t.url)
      .post('/api/auth/session')
      .set(headers)
      .send({ email, password })
      .expect(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0];
    const [pair] = setCookie.split(';');
    return {
      cookie: pair,
      token: pair.slice(pair.indexOf('=') + 1),
      csrf: res.body.csrfToken,
      setCookie,
      body: res.body,
    } as Signed;
  }
  const asCaseworker = () => signIn(t.users.caseworker.email, TEST_PASSWORD);
  /** A change exactly as the app's own page makes it. */
  const change = (s: Signed, method: 'post' | 'patch' | 'delete', path: string) =>
    request(t.url)[method](path).set('Cookie', s.cookie).set('Origin', t.url).set('X-CSRF-Token', s.csrf);
  const casesOf = async (userId: string) => {
    const [{ n }] = await t.db.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM cases WHERE created_by = ?',
      [userId],
    );
    return Number(n);
  };
  const sessionRow = async (token: string) =>
    (
      await t.db.query<{ id: string; ended_at: unknown; end_reason: string | null; last_seen_at: unknown }>(
        'SELECT id, ended_at, end_reason, last_seen_at FROM sessions WHERE token_hash = ?',
        [sha256(token)],
      )
    )[0];
  const lastAudit = async (action: string) =>
    (
      await t.db.query<{ actor_id: string; entity_id: string; details: string }>(
        'SELECT actor_id, entity_id, details FROM audit_entries WHERE action = ? ORDER BY id DESC LIMIT 1',
        [action],
      )
    )[0];

  describe('sign-in', () => {
    it('sets an HttpOnly, SameSite=Strict, Path=/ cookie, not Secure over plain HTTP', async () => {
      const s = await asCaseworker();
      expect(s.setCookie).toMatch(/^caseline_session=[A-Za-z0-9_-]{43}; /);
      const flags = s.setCookie.split(';').map((p) => p.trim().toLowerCase());
      expect(flags).toEqual(expect.arrayContaining(['path=/', 'httponly', 'samesite=strict']));
      expect(flags).not.toContain('secure');
      expect(flags.some((f) => f.startsWith('domain='))).toBe(false);
      expect(s.body).toMatchObject({
        user: { id: t.users.caseworker.id, email: t.users.caseworker.email, role: 'caseworker' },
        passwordChangeRequired: false,
        idleMinutes: 30,
      });
      expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('stores only a hash of the token, and audits the sign-in', async () => {
      const s = await asCaseworker();
      const row = await sessionRow(s.token);
      expect(row).toMatchObject({ ended_at: null, end_reason: null });
      const dump = JSON.stringify(await t.db.query('SELECT * FROM sessions'));
      expect(dump).not.toContain(s.token);
      expect(dump).not.toContain(s.csrf);
      const audit = await lastAudit('auth.session.signin');
      expect(audit).toMatchObject({ actor_id: t.users.caseworker.id, entity_id: t.users.caseworker.id });
      expect(JSON.parse(audit.details)).toEqual({ sessionId: row.id });
    });

    it('answers a wrong password 401 with no cookie, the same as login', async () => {
      const res = await request(t.url)
        .post('/api/auth/session')
        .send({ email: t.users.caseworker.email, password: 'not-the-password-at-all' })
        .expect(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body.message).toBe('Wrong email or password');
    });

    it('shares login’s throttle: failures on either count towards the 429', async () => {
      const from = '127.0.9.1';
      const attempt = (path: string, password: string) =>
        rawRequest(t.url, {
          method: 'POST',
          path,
          localAddress: from,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'throttled@caseline.test', password }),
        });
      for (let i = 0; i < 5; i++)
        expect((await attempt('/api/auth/login', 'wrong-password-x')).status).toBe(401);
      for (let i = 0; i < 5; i++)
        expect((await attempt('/api/auth/session', 'wrong-password-x')).status).toBe(401);
      expect((await attempt('/api/auth/session', 'wrong-password-x')).status).toBe(429);
    });

    it('refuses a sign-in form posted from another site, creating no session', async () => {
      const [{ n: before }] = await t.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM sessions');
      for (const headers of [{ Origin: 'http://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }]) {
        const res = await request(t.url)
          .post('/api/auth/session')
          .set(headers)
          .send({ email: t.users.caseworker.email, password: TEST_PASSWORD })
          .expect(403);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const [{ n: after }] = await t.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM sessions');
      expect(Number(after)).toBe(Number(before));
    });
  });

  describe('using the cookie', () => {
    it('GET /api/auth/session says who is signed in, with the same CSRF token; 401 without a cookie', async () => {
      const s = await asCaseworker();
      const res = await request(t.url).get('/api/auth/session').set('Cookie', s.cookie).expect(200);
      expect(res.body).toEqual({ ...s.body });
      expect(res.headers['cache-control']).toBe('no-store');
      const me = await request(t.url).get('/api/me').set('Cookie', s.cookie).expect(200);
      expect(me.body).toEqual(res.body.user);
      const none = await request(t.url).get('/api/auth/session').expect(401);
      expect(none.headers['cache-control']).toBe('no-store');
      await request(t.url)
        .get('/api/auth/session')
        .set('Cookie', 'caseline_session=' + 'x'.repeat(43))
        .expect(401);
    });

    it('a bearer token has no browser session: GET /api/auth/session answers 401', async () => {
      await t.as.caseworker.get('/api/auth/session').expect(401);
    });

    it('keeps the role rules: a caseworker’s cookie may not list users', async () => {
      const s = await asCaseworker();
      await request(t.url).get('/api/users').set('Cookie', s.cookie).expect(403);
    });

    it('makes a change carrying the CSRF token from the app’s own origin', async () => {
      const s = await asCaseworker();
      const before = await casesOf(t.users.caseworker.id);
      await change(s, 'post', '/api/cases').send(intakePayload()).expect(201);
      // Sec-Fetch-Site: same-origin stands for a missing Origin
      await request(t.url)
        .post('/api/cases')
        .set('Cookie', s.cookie)
        .set('Sec-Fetch-Site', 'same-origin')
        .set('X-CSRF-Token', s.csrf)
        .send(intakePayload())
        .expect(201);
      expect(await casesOf(t.users.caseworker.id)).toBe(before + 2);
    });

    it.each<[string, (s: Signed) => Record<string, string>]>([
      ['no X-CSRF-Token', () => ({ Origin: 'ORIGIN' })],
      ['a wrong X-CSRF-Token', () => ({ Origin: 'ORIGIN', 'X-CSRF-Token': 'A'.repeat(43) })],
      ['another session’s token', () => ({ Origin: 'ORIGIN', 'X-CSRF-Token': 'OTHER' })],
      ['a cross-site Origin', (s) => ({ Origin: 'http://evil.example', 'X-CSRF-Token': s.csrf })],
      ['Origin null', (s) => ({ Origin: 'null', 'X-CSRF-Token': s.csrf })],
      ['Sec-Fetch-Site: cross-site', (s) => ({ 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': s.csrf })],
      [
        'Sec-Fetch-Site: cross-site beside a right Origin',
        (s) => ({ Origin: 'ORIGIN', 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': s.csrf }),
      ],
      ['neither Origin nor Sec-Fetch-Site', (s) => ({ 'X-CSRF-Token': s.csrf })],
    ])('refuses a cookie change with %s: 403 and nothing created', async (_, headersFor) => {
      const s = await asCaseworker();
      const other = await asCaseworker();
      const headers = Object.fromEntries(
        Object.entries(headersFor(s)).map(([k, v]) => [
          k,
          v === 'ORIGIN' ? t.url : v === 'OTHER' ? other.csrf : v,
        ]),
      );
      const before = await casesOf(t.users.caseworker.id);
      const res = await request(t.url)
        .post('/api/cases')
        .set('Cookie', s.cookie)
        .set(headers)
        .send(intakePayload())
        .expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'CSRF_REJECTED' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(await casesOf(t.users.caseworker.id)).toBe(before);
    });

    it('leaves bearer tokens alone: no CSRF token needed, whatever Origin says', async () => {
      const before = await casesOf(t.users.caseworker.id);
      await t.as.caseworker
        .post('/api/cases')
        .set('Origin', 'http://evil.example')
        .send(intakePayload())
        .expect(201);
      expect(await casesOf(t.users.caseworker.id)).toBe(before + 1);
    });
  });

  describe('sign-out', () => {
    it('needs the CSRF token like any change', async () => {
      const s = await asCaseworker();
      await request(t.url)
        .delete('/api/auth/session')
        .set('Cookie', s.cookie)
        .set('Origin', t.url)
        .expect(403);
      await request(t.url).get('/api/me').set('Cookie', s.cookie).expect(200);
    });

    it('ends the session on the server: the old cookie gets 401 everywhere, and it is audited', async () => {
      const s = await asCaseworker();
      const res = await change(s, 'delete', '/api/auth/session').expect(204);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]).toMatch(
        /^caseline_session=; .*Expires=Thu, 01 Jan 1970/,
      );
      for (const path of ['/api/me', '/api/auth/session', '/api/cases', '/api/notifications'])
        await request(t.url).get(path).set('Cookie', s.cookie).expect(401);
      await change(s, 'post', '/api/cases').send(intakePayload()).expect(401);
      expect(await sessionRow(s.token)).toMatchObject({ end_reason: 'signed_out' });
      const audit = await lastAudit('auth.session.signout');
      expect(audit).toMatchObject({ actor_id: t.users.caseworker.id });
      expect(JSON.parse(audit.details)).toEqual({ sessionId: (await sessionRow(s.token)).id });
    });

    it('ends only that session: another browser of the same user stays signed in', async () => {
      const a = await asCaseworker();
      const b = await asCaseworker();
      await change(a, 'delete', '/api/auth/session').expect(204);
      await request(t.url).get('/api/me').set('Cookie', b.cookie).expect(200);
    });
  });

  describe('expiry', () => {
    const ago = (ms: number) => dbTimestamp(t.db, new Date(Date.now() - ms));

    it('ends a session idle for SESSION_IDLE_MINUTES, audits it once, and clears the cookie', async () => {
      const s = await asCaseworker();
      await t.db.query('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', [
        ago(31 * 60_000),
        sha256(s.token),
      ]);
      const res = await request(t.url).get('/api/me').set('Cookie', s.cookie).expect(401);
      expect(res.body.message).toMatch(/expired/);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]).toMatch(/^caseline_session=;/);
      await request(t.url).get('/api/me').set('Cookie', s.cookie).expect(401);
      const row = await sessionRow(s.token);
      expect(row.end_reason).toBe('idle');
      const entries = await t.db.query<{ details: string }>(
        "SELECT details FROM audit_entries WHERE action = 'auth.session.expired' AND details LIKE ?",
        [`%${row.id}%`],
      );
      expect(entries.map((e) => JSON.parse(e.details))).toEqual([{ sessionId: row.id, reason: 'idle' }]);
    });

    it('ends a busy session SESSION_MAX_HOURS after sign-in', async () => {
      const s = await asCaseworker();
      await t.db.query('UPDATE sessions SET created_at = ? WHERE token_hash = ?', [
        ago(12 * 3_600_000 + 1000),
        sha256(s.token),
      ]);
      await request(t.url).get('/api/me').set('Cookie', s.cookie).expect(401);
      expect((await sessionRow(s.token)).end_reason).toBe('absolute');
    });

    it('a request within the idle time moves it forward', async () => {
      const s = await asCaseworker();
      const old = ago(20 * 60_000);
      await t.db.query('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', [old, sha256(s.token)]);
      await request(t.url).get('/api/me').set('Cookie', s.cookie).expect(200);
      const value = (await sessionRow(s.token)).last_seen_at;
      const seen = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
      expect(seen.getTime()).toBeGreaterThan(Date.now() - 5 * 60_000);
    });
  });

  describe('with SESSION_IDLE_MINUTES=2 and SESSION_MAX_HOURS=0.5', () => {
    beforeAll(() => t.restart({ SESSION_IDLE_MINUTES: '2', SESSION_MAX_HOURS: '0.5' }));
    afterAll(() => t.restart({ SESSION_IDLE_MINUTES: '', SESSION_MAX_HOURS: '' }));
    const ago = (ms: number) => dbTimestamp(t.db, new Date(Date.now() - ms));

    it('ends sessions by the configured limits', async () => {
      const idle = await asCaseworker();
      const old = await asCaseworker();
      const fresh = await asCaseworker();
      expect(idle.body).toMatchObject({ idleMinutes: 2 });
      const created = new Date(String(idle.body.expiresAt)).getTime() - 30 * 60_000;
      expect(Math.abs(created - Date.now())).toBeLessThan(60_000);
      await t.db.query('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', [
        ago(130_000),
        sha256(idle.token),
      ]);
      await t.db.query('UPDATE sessions SET created_at = ? WHERE token_hash = ?', [
        ago(31 * 60_000),
        sha256(old.token),
      ]);
      await request(t.url).get('/api/me').set('Cookie', idle.cookie).expect(401);
      await request(t.url).get('/api/me').set('Cookie', old.cookie).expect(401);
      await request(t.url).get('/api/me').set('Cookie', fresh.cookie).expect(200);
      expect((await sessionRow(idle.token)).end_reason).toBe('idle');
      expect((await sessionRow(old.token)).end_reason).toBe('absolute');
    });
  });

  describe('passwords and sessions', () => {
    it('changing the password signs out the user’s other sessions, not the one it came from', async () => {
      const u = await t.createUser('coordinator');
      const here = await signIn(u.email, TEST_PASSWORD);
      const elsewhere = await signIn(u.email, TEST_PASSWORD);
      await change(here, 'post', '/api/me/password')
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-long-password' })
        .expect(200);
      await request(t.url).get('/api/me').set('Cookie', here.cookie).expect(200);
      await request(t.url).get('/api/me').set('Cookie', elsewhere.cookie).expect(401);
      expect(await sessionRow(elsewhere.token)).toMatchObject({ end_reason: 'password_changed' });
    });
  });

  describe('over HTTPS behind a trusted proxy', () => {
    it('without TRUST_PROXY, X-Forwarded-Proto is ignored: the plain cookie', async () => {
      const s = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'https' });
      expect(s.setCookie).toMatch(/^caseline_session=/);
      expect(s.setCookie.toLowerCase()).not.toContain('secure');
    });

    describe('with TRUST_PROXY=loopback', () => {
      beforeAll(() => t.restart({ TRUST_PROXY: 'loopback' }));
      const https = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'caseline.example.org' };

      it('sets a Secure cookie with the __Host- prefix', async () => {
        const s = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, https);
        expect(s.setCookie).toMatch(/^__Host-caseline_session=[A-Za-z0-9_-]{43}; /);
        const flags = s.setCookie.split(';').map((p) => p.trim().toLowerCase());
        expect(flags).toEqual(expect.arrayContaining(['path=/', 'httponly', 'samesite=strict', 'secure']));
        expect(flags.some((f) => f.startsWith('domain='))).toBe(false);
        await request(t.url).get('/api/me').set(https).set('Cookie', s.cookie).expect(200);
      });

      it('over HTTPS reads only the __Host- cookie, so a planted plain one signs nobody in', async () => {
        const s = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, https);
        await request(t.url)
          .get('/api/me')
          .set(https)
          .set('Cookie', `caseline_session=${s.token}`)
          .expect(401);
      });

      it('plain HTTP through the same proxy still gets the plain cookie', async () => {
        const s = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'http' });
        expect(s.setCookie).toMatch(/^caseline_session=/);
        expect(s.setCookie.toLowerCase()).not.toContain('secure');
      });
    });
  });
});
