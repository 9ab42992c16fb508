import request from 'supertest';
import { userPayload } from './factories/users';
import { createTestApp, TEST_PASSWORD, TestApp } from './helpers/test-app';
import { nowSeconds, signToken } from './helpers/tokens';

const NON_ADMIN = ['caseworker', 'coordinator', 'researcher'] as const;
const UNKNOWN_ID = '7d1f5a9e-3c2b-4e8f-9a6d-1b2c3d4e5f60';

describe('users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const newUser = userPayload;

  describe('admin routes', () => {
    /** Every route the OpenAPI document declares admin-only, plus the contract's list as a floor. */
    async function adminRoutes(): Promise<{ method: string; path: string }[]> {
      const doc = (await request(t.url).get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { 'x-roles'?: string[] }>>;
      };
      const routes = new Map<string, { method: string; path: string }>();
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          if (op['x-roles']?.length === 1 && op['x-roles'][0] === 'admin') {
            routes.set(`${method} ${path}`, { method, path: path.replace(/\{[^}]+\}/g, UNKNOWN_ID) });
          }
        }
      }
      for (const [method, path] of [
        ['get', '/api/users'],
        ['post', '/api/users'],
        ['patch', `/api/users/${UNKNOWN_ID}`],
        ['get', '/api/audit'],
        ['get', '/api/audit/verify'],
      ]) {
        routes.set(`${method} ${path.replace(UNKNOWN_ID, '{id}')}`, { method, path });
      }
      return [...routes.values()];
    }

    it.each(NON_ADMIN)('refuses every admin route to a %s with 403', async (role) => {
      const routes = await adminRoutes();
      expect(routes.length).toBeGreaterThanOrEqual(5);
      expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(`patch /api/users/${UNKNOWN_ID}`);
      for (const { method, path } of routes) {
        const agent = t.as[role] as unknown as Record<string, (p: string) => request.Test>;
        const res = await agent[method](path).send(method === 'get' ? undefined : newUser());
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
        expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      }
      // nothing was created on the way
      expect((await t.as.admin.get('/api/users').expect(200)).body).toHaveLength(4);
    });

    it('refuses admin routes without a token with 401', async () => {
      await request(t.url).get('/api/users').expect(401);
      await request(t.url).post('/api/users').send(newUser()).expect(401);
    });
  });

  describe('create and list', () => {
    it('creates a user, stores the email lower-cased and never shows the hash', async () => {
      const body = newUser({ email: 'Mixed.Case@Caseline.TEST', role: 'coordinator' });
      const res = await t.as.admin.post('/api/users').send(body).expect(201);
      expect(res.body).toMatchObject({
        email: 'mixed.case@caseline.test',
        role: 'coordinator',
        active: true,
      });
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'active',
          'createdAt',
          'email',
          'fullName',
          'id',
          'passwordChangeRequired',
          'role',
          'updatedAt',
        ].sort(),
      );
      const [row] = await t.db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = ?',
        [res.body.id],
      );
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const list = await t.as.admin.get('/api/users').expect(200);
      expect(list.body.map((u: { id: string }) => u.id)).toContain(res.body.id);
      expect(JSON.stringify(list.body)).not.toMatch(/argon|passwordHash/);
      // the new user can sign in with any casing of the email
      await t.login('MIXED.case@caseline.test', TEST_PASSWORD);
    });

    it('refuses a second user with the same email in another casing (409)', async () => {
      const body = newUser();
      await t.as.admin.post('/api/users').send(body).expect(201);
      const res = await t.as.admin
        .post('/api/users')
        .send({ ...body, email: body.email.toUpperCase() })
        .expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    });

    it.each([
      [{ password: 'short-pass' }, /^password must be at least 12 characters$/],
      [{ password: 'qwerty123456' }, /^password is a commonly used password/],
      [
        { email: 'long.name@caseline.test', password: 'Long.Name@caseline.test' },
        /^password must not be your email/,
      ],
      [{ email: 'not-an-email' }, /^email/],
      [{ role: 'superuser' }, /^role must be one of/],
      [{ fullName: '' }, /^fullName/],
      [{ isAdmin: true }, /^property isAdmin should not exist$/],
    ])('refuses %p with 400 naming the field', async (override, message) => {
      const res = await t.as.admin.post('/api/users').send(newUser(override)).expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    });

    it('audits creation with the role only, no personal data', async () => {
      const body = newUser({ fullName: 'Unique Audit Name' });
      const res = await t.as.admin.post('/api/users').send(body).expect(201);
      const rows = await t.db.query<{ actor_id: string; details: string }>(
        "SELECT actor_id, details FROM audit_entries WHERE action = 'user.create' AND entity_id = ?",
        [res.body.id],
      );
      expect(rows).toEqual([{ actor_id: t.users.admin.id, details: '{"role":"caseworker"}' }]);
      const all = JSON.stringify(await t.db.query('SELECT * FROM audit_entries'));
      expect(all).not.toContain('Unique Audit Name');
      expect(all).not.toContain(body.email);
    });
  });

  describe('update', () => {
    it('changes role, name and active state and audits the changed field names', async () => {
      const created = await t.as.admin.post('/api/users').send(newUser()).expect(201);
      const res = await t.as.admin
        .patch(`/api/users/${created.body.id}`)
        .send({ role: 'researcher', fullName: 'New Name', active: false })
        .expect(200);
      expect(res.body).toMatchObject({ role: 'researcher', fullName: 'New Name', active: false });
      const [row] = await t.db.query<{ details: string }>(
        "SELECT details FROM audit_entries WHERE action = 'user.update' AND entity_id = ? ORDER BY id DESC",
        [created.body.id],
      );
      expect(JSON.parse(row.details)).toEqual({
        changed: ['role', 'fullName', 'active'],
        role: 'researcher',
        active: false,
      });
      expect(row.details).not.toContain('New Name');
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.as.admin.patch(`/api/users/${UNKNOWN_ID}`).send({ fullName: 'X' }).expect(404);
      await t.as.admin.patch('/api/users/not-a-uuid').send({ fullName: 'X' }).expect(400);
      await t.as.admin.patch("/api/users/1' OR '1'='1").send({ fullName: 'X' }).expect(400);
    });

    it('refuses unknown fields such as password or email', async () => {
      const res = await t.as.admin
        .patch(`/api/users/${t.users.caseworker.id}`)
        .send({ password: 'a-new-long-password', email: 'x@y.z' })
        .expect(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining(['property password should not exist', 'property email should not exist']),
      );
    });

    it('does not let a non-admin raise their own role', async () => {
      const u = await t.createUser('caseworker');
      await u.agent.patch(`/api/users/${u.id}`).send({ role: 'admin' }).expect(403);
      const [row] = await t.db.query<{ role: string }>('SELECT role FROM users WHERE id = ?', [u.id]);
      expect(row.role).toBe('caseworker');
    });

    it('shuts a deactivated user out from the very next request, while their requests keep coming', async () => {
      // Concurrent requests of one user share reads of that user; none may be answered from a read
      // that began before the request was sent, so nothing sent after the deactivation answered
      // gets through.
      const u = await t.createUser('caseworker');
      const seen: { sentAt: number; status: number }[] = [];
      let stop = false;
      const hammer = async () => {
        while (!stop) {
          const sentAt = performance.now();
          const res = await u.agent.get('/api/me');
          seen.push({ sentAt, status: res.status });
        }
      };
      // Counted, not timed: the burst runs until enough requests were sent before and after.
      const untilSeen = async (enough: () => boolean) => {
        while (!enough()) await new Promise((resolve) => setTimeout(resolve, 10));
      };
      const workers = Array.from({ length: 8 }, hammer);
      await untilSeen(() => seen.filter((r) => r.status === 200).length >= 16);
      await t.as.admin.patch(`/api/users/${u.id}`).send({ active: false }).expect(200);
      const deactivatedAt = performance.now();
      await untilSeen(() => seen.filter((r) => r.sentAt > deactivatedAt).length >= 24);
      stop = true;
      await Promise.all(workers);

      const before = seen.filter((r) => r.sentAt < deactivatedAt);
      const after = seen.filter((r) => r.sentAt > deactivatedAt);
      expect(before.some((r) => r.status === 200)).toBe(true);
      expect(after.length).toBeGreaterThan(8);
      expect(after.filter((r) => r.status !== 401)).toEqual([]);
    });

    it('does not let an admin change their own role', async () => {
      const second = await t.createUser('admin');
      const res = await second.agent
        .patch(`/api/users/${second.id}`)
        .send({ role: 'caseworker' })
        .expect(403);
      expect(res.body.message).toMatch(/own role/);
      // but their own name is fine
      await second.agent.patch(`/api/users/${second.id}`).send({ fullName: 'Second Admin' }).expect(200);
      await t.as.admin.patch(`/api/users/${second.id}`).send({ active: false }).expect(200);
    });
  });

  describe('the last active admin', () => {
    it('cannot be demoted or deactivated, by anyone', async () => {
      // deactivate every other admin first (earlier tests may have created some)
      const users = (await t.as.admin.get('/api/users').expect(200)).body as {
        id: string;
        role: string;
        active: boolean;
      }[];
      for (const u of users.filter((x) => x.role === 'admin' && x.active && x.id !== t.users.admin.id)) {
        await t.as.admin.patch(`/api/users/${u.id}`).send({ active: false }).expect(200);
      }
      const deactivate = await t.as.admin
        .patch(`/api/users/${t.users.admin.id}`)
        .send({ active: false })
        .expect(409);
      expect(deactivate.body.message).toMatch(/last active admin/);
      const other = await t.createUser('admin');
      // a second admin may demote the first, but then not deactivate themselves
      await other.agent.patch(`/api/users/${t.users.admin.id}`).send({ role: 'caseworker' }).expect(200);
      await t.as.admin.get('/api/users').expect(403);
      await other.agent.patch(`/api/users/${other.id}`).send({ active: false }).expect(409);
      await other.agent.patch(`/api/users/${t.users.admin.id}`).send({ role: 'admin' }).expect(200);
      await t.as.admin.get('/api/users').expect(200);
      await t.as.admin.patch(`/api/users/${other.id}`).send({ role: 'coordinator' }).expect(200);
      // alone again
      await t.as.admin.patch(`/api/users/${t.users.admin.id}`).send({ active: false }).expect(409);
      const [{ n }] = await t.db.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = ?",
        [t.db.kind === 'sqlite' ? 1 : true],
      );
      expect(Number(n)).toBe(1);
    });
  });

  describe('concurrency', () => {
    it('keeps one active admin when the last two demote each other at the same time', async () => {
      const other = await t.createUser('admin');
      const results = await Promise.all([
        t.as.admin.patch(`/api/users/${other.id}`).send({ active: false }),
        other.agent.patch(`/api/users/${t.users.admin.id}`).send({ active: false }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      const [{ n }] = await t.db.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = ?",
        [t.db.kind === 'sqlite' ? 1 : true],
      );
      expect(Number(n)).toBe(1);
      // put the harness admin back in charge if the other one won
      if (results[1].status === 200) {
        await other.agent.patch(`/api/users/${t.users.admin.id}`).send({ active: true }).expect(200);
        await t.as.admin.patch(`/api/users/${other.id}`).send({ active: false }).expect(200);
      }
    });

    it('takes 50 concurrent creations and keeps the audit chain whole', async () => {
      const bodies = Array.from({ length: 50 }, (_, i) =>
        newUser({ email: `concurrent-${i}@caseline.test` }),
      );
      const results = await Promise.all(bodies.map((b) => t.as.admin.post('/api/users').send(b)));
      expect(results.map((r) => r.status)).toEqual(bodies.map(() => 201));
      const [{ n }] = await t.db.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM users WHERE email LIKE 'concurrent-%'",
      );
      expect(Number(n)).toBe(50);
      const verify = await t.as.admin.get('/api/audit/verify').expect(200);
      expect(verify.body).toMatchObject({ ok: true, firstBrokenId: null });
      expect(t.server.output.join('\n')).not.toMatch(/SQLITE_BUSY|within a transaction/);
    });

    it('takes 50 concurrent mixed writes (42 updates, 8 failed logins) without an error', async () => {
      const ids = (await t.as.admin.get('/api/users').expect(200)).body
        .filter((u: { email: string }) => u.email.startsWith('concurrent-'))
        .map((u: { id: string }) => u.id) as string[];
      const writes = ids
        .slice(0, 42)
        .map((id, i) => t.as.admin.patch(`/api/users/${id}`).send({ fullName: `Renamed ${i}` }));
      // 8 failures: below the per-address limit of the harness's own address
      const failures = Array.from({ length: 8 }, (_, i) =>
        request(t.url)
          .post('/api/auth/login')
          .send({ email: `concurrent-${i}@caseline.test`, password: 'wrong-password-1' }),
      );
      const statuses = (await Promise.all([...writes, ...failures])).map((r) => r.status);
      expect(statuses.slice(0, 42).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(42).every((s) => s === 401)).toBe(true);
      expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    });
  });

  describe('one-time passwords (POST /api/users/:id/password-reset)', () => {
    it('gives a one-time password that signs in only to change it; old password, sessions and tokens end', async () => {
      const u = await t.createUser('caseworker');
      // a bearer token issued well before the reset (built by hand: tokens count whole seconds)
      const iat = nowSeconds() - 10;
      const earlier = signToken({ sub: u.id, iat, exp: iat + 3600 }, t.env.JWT_SECRET);
      const bearer = (token: string) => request(t.url).get('/api/me').set('Authorization', `Bearer ${token}`);
      await bearer(earlier).expect(200);
      const session = await request(t.url)
        .post('/api/auth/session')
        .send({ email: u.email, password: TEST_PASSWORD })
        .expect(200);
      const cookie = String(session.headers['set-cookie']).split(';')[0];

      const res = await t.as.admin.post(`/api/users/${u.id}/password-reset`).expect(200);
      expect(Object.keys(res.body)).toEqual(['oneTimePassword']);
      const otp: string = res.body.oneTimePassword;
      expect(otp).toMatch(/^[A-Za-z0-9_-]{24}$/);

      await request(t.url).get('/api/me').set('Cookie', cookie).expect(401);
      await bearer(earlier).expect(401);
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: u.email, password: TEST_PASSWORD })
        .expect(401);
      const withOtp = await t.login(u.email, otp);
      expect((await withOtp.get('/api/me').expect(200)).body.passwordChangeRequired).toBe(true);
      const refused = await withOtp.get('/api/cases').expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      expect(refused.body.message).toMatch(/choose a new password/);
      const changed = await withOtp
        .post('/api/me/password')
        .send({ currentPassword: otp, newPassword: 'my-own-password-now' })
        .expect(200);
      expect(changed.body.passwordChangeRequired).toBe(false);
      await withOtp.get('/api/cases').expect(200);
      await t.login(u.email, 'my-own-password-now');

      const [audit] = await t.db.query<{ actor_id: string; details: string }>(
        "SELECT actor_id, details FROM audit_entries WHERE action = 'user.password.reset' AND entity_id = ?",
        [u.id],
      );
      expect(audit.actor_id).toBe(t.users.admin.id);
      expect(JSON.parse(audit.details)).toEqual({ sessionsEnded: 1 });
      const all = JSON.stringify(await t.db.query('SELECT * FROM audit_entries'));
      expect(all).not.toContain(otp);
      expect(all).not.toContain('my-own-password-now');
    });

    it('is for admins only, and answers 404 for an unknown user', async () => {
      await t.as.coordinator.post(`/api/users/${t.users.caseworker.id}/password-reset`).expect(403);
      await t.as.admin.post(`/api/users/${UNKNOWN_ID}/password-reset`).expect(404);
      await t.as.admin.post('/api/users/not-a-uuid/password-reset').expect(400);
    });
  });

  describe('changing one’s password (POST /api/me/password)', () => {
    it.each([
      [{ newPassword: 'short' }, /^newPassword must be at least 12 characters$/],
      [{ newPassword: '1qaz2wsx3edc' }, /^newPassword is a commonly used password/],
      [{ newPassword: 'EMAIL' }, /^newPassword must not be your email address$/],
      [{ newPassword: TEST_PASSWORD }, /^newPassword must differ from your current password$/],
      [{ currentPassword: 'not-my-password-at-all' }, /^currentPassword is not your current password$/],
      [{ currentPassword: undefined }, /^currentPassword/],
    ])('refuses %p with 400 naming the field, and the password stays', async (override, message) => {
      const u = await t.createUser('researcher', {
        email: `rules-${Math.random().toString(36).slice(2)}@caseline.test`,
      });
      const body = { currentPassword: TEST_PASSWORD, newPassword: 'a-fine-new-password', ...override };
      if (body.newPassword === 'EMAIL') body.newPassword = u.email.toUpperCase();
      const res = await u.agent.post('/api/me/password').send(body).expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      await t.login(u.email, TEST_PASSWORD);
    });

    it('audits the change without the password', async () => {
      const u = await t.createUser('researcher');
      await u.agent
        .post('/api/me/password')
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'researcher-new-password' })
        .expect(200);
      const rows = await t.db.query<{ actor_id: string; details: string }>(
        "SELECT actor_id, details FROM audit_entries WHERE action = 'user.password.change' AND entity_id = ?",
        [u.id],
      );
      expect(rows).toEqual([{ actor_id: u.id, details: JSON.stringify({ otherSessionsEnded: 0 }) }]);
      await t.login(u.email, 'researcher-new-password');
    });
  });
});
