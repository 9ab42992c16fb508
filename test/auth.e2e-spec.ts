import request from 'supertest';
import { dbTimestamp } from './factories/seed';
import { loginFrom } from './helpers/raw-http';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TEST_PASSWORD, TestApp } from './helpers/test-app';
import { nowSeconds, signToken, unsignedToken } from './helpers/tokens';

/**
 * Each test acts from its own loopback addresses (127.0.1.x, 127.0.2.x, ...) so that login
 * failures of one test never count against another, nor against the harness (127.0.0.1).
 */
let block = 0;
const addresses = () => {
  block++;
  return (n: number) => `127.0.${block}.${n}`;
};

describe('auth', () => {
  let t: TestApp;
  /** Every token the tests used: none of them may appear in the server's output. */
  const secretsUsed = new Set<string>([ADMIN_PASSWORD, TEST_PASSWORD]);

  beforeAll(async () => {
    t = await createTestApp();
    Object.values(t.as).forEach((a) => secretsUsed.add(a.token));
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('answers 200 with a token and the user, without the password hash', async () => {
      const res = await request(t.url)
        .post('/api/auth/login')
        .send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD })
        .expect(200);
      secretsUsed.add(res.body.accessToken);
      expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(res.body.user).toMatchObject({ email: ADMIN_EMAIL, role: 'admin', active: true });
      expect(JSON.stringify(res.body)).not.toMatch(/hash|argon/i);
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      const payload = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(12 * 3600);
    });

    it('answers a wrong password and an unknown email with the same 401 body', async () => {
      const at = addresses();
      const wrong = await loginFrom(t.url, at(1), ADMIN_EMAIL, 'not-the-password-at-all');
      const unknown = await loginFrom(t.url, at(2), 'nobody@caseline.test', 'not-the-password-at-all');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toEqual({
        statusCode: 401,
        message: 'Wrong email or password',
        error: 'Unauthorized',
      });
    });

    it('audits failed logins without the email that was tried', async () => {
      const at = addresses();
      await loginFrom(t.url, at(1), 'ghost-user@caseline.test', 'not-the-password-at-all');
      const rows = await t.db.query<{ details: string; entity_id: string | null }>(
        "SELECT details, entity_id FROM audit_entries WHERE action = 'auth.login.failed' ORDER BY id DESC",
      );
      expect(rows[0]).toEqual({ details: '{"reason":"unknown_account"}', entity_id: null });
      const all = await t.db.query<{ details: string }>('SELECT details FROM audit_entries');
      expect(JSON.stringify(all)).not.toContain('ghost-user');
    });

    it('validates the body and names the field', async () => {
      const res = await request(t.url).post('/api/auth/login').send({ email: 'x' }).expect(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(/^email/), expect.stringMatching(/^password/)]),
      );
    });
  });

  describe('throttle', () => {
    it('answers 429 after 10 failures for one account, whatever the address', async () => {
      const u = await t.createUser('caseworker');
      const at = addresses();
      for (let i = 1; i <= 10; i++) {
        expect((await loginFrom(t.url, at(i), u.email, 'wrong-password-123')).status).toBe(401);
      }
      // an 11th address, even with the right password
      expect((await loginFrom(t.url, at(11), u.email, TEST_PASSWORD)).status).toBe(429);
      expect((await loginFrom(t.url, at(12), u.email.toUpperCase(), 'wrong-password-123')).status).toBe(429);
      // other accounts are not affected
      expect((await loginFrom(t.url, at(13), ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    });

    it('answers 429 after 10 failures from one address, whatever the account', async () => {
      const at = addresses();
      for (let i = 1; i <= 10; i++) {
        const res = await loginFrom(t.url, at(1), `unknown-${i}@caseline.test`, 'wrong-password-123');
        expect(res.status).toBe(401);
      }
      const blocked = await loginFrom(t.url, at(1), ADMIN_EMAIL, ADMIN_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // another address still signs in
      expect((await loginFrom(t.url, at(2), ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    });

    it('ignores X-Forwarded-For by default, so a client cannot pick a fresh address', async () => {
      const at = addresses();
      for (let i = 1; i <= 10; i++) {
        await loginFrom(t.url, at(1), `xff-${i}@caseline.test`, 'wrong-password-123', {
          'x-forwarded-for': `203.0.113.${i}`,
        });
      }
      const res = await loginFrom(t.url, at(1), ADMIN_EMAIL, ADMIN_PASSWORD, {
        'x-forwarded-for': '203.0.113.99',
      });
      expect(res.status).toBe(429);
    });

    it("does not let a successful login reset another address's failures", async () => {
      const u = await t.createUser('coordinator');
      const at = addresses();
      for (let i = 0; i < 9; i++) await loginFrom(t.url, at(1), u.email, 'wrong-password-123');
      // a success from another address clears only that address's failures
      const ok = await loginFrom(t.url, at(2), u.email, TEST_PASSWORD);
      expect(ok.status).toBe(200);
      expect((await loginFrom(t.url, at(1), u.email, 'wrong-password-123')).status).toBe(401);
      expect((await loginFrom(t.url, at(3), u.email, TEST_PASSWORD)).status).toBe(429);
    });

    it('counts only the last 15 minutes, and forgets older failures', async () => {
      const u = await t.createUser('caseworker');
      const old = new Date(Date.now() - 16 * 60 * 1000);
      const at = addresses();
      for (let i = 0; i < 10; i++) {
        await t.db.query('INSERT INTO login_failures (account_key, client_address, at) VALUES (?, ?, ?)', [
          u.email,
          at(1),
          dbTimestamp(t.db, old),
        ]);
      }
      expect((await loginFrom(t.url, at(1), u.email, 'wrong-password-123')).status).toBe(401);
      const rows = await t.db.query('SELECT id FROM login_failures WHERE account_key = ?', [u.email]);
      expect(rows).toHaveLength(1);
    });

    it('lets a successful login clear the failures of its own address', async () => {
      const u = await t.createUser('researcher');
      const at = addresses();
      for (let i = 0; i < 9; i++) await loginFrom(t.url, at(1), u.email, 'wrong-password-123');
      expect((await loginFrom(t.url, at(1), u.email, TEST_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 9; i++) {
        expect((await loginFrom(t.url, at(1), u.email, 'wrong-password-123')).status).toBe(401);
      }
    });
  });

  describe('tokens', () => {
    const payloadFor = (sub: string, extra: Record<string, unknown> = {}) => ({
      sub,
      iat: nowSeconds(),
      exp: nowSeconds() + 3600,
      ...extra,
    });
    const expect401 = async (token: string) => {
      secretsUsed.add(token);
      const res = await request(t.url).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    };

    it('accepts a token signed with the secret (control)', async () => {
      const token = signToken(payloadFor(t.users.admin.id), t.env.JWT_SECRET);
      secretsUsed.add(token);
      await request(t.url).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('refuses a token with a forged signature', async () => {
      await expect401(signToken(payloadFor(t.users.admin.id), 'not-the-secret-of-this-server-at-all'));
    });

    it('refuses a token whose payload was changed after signing', async () => {
      const real = signToken(payloadFor(t.users.researcher.id), t.env.JWT_SECRET).split('.');
      const swapped = Buffer.from(JSON.stringify(payloadFor(t.users.admin.id))).toString('base64url');
      await expect401(`${real[0]}.${swapped}.${real[2]}`);
    });

    it('refuses alg: none', async () => {
      await expect401(unsignedToken(payloadFor(t.users.admin.id)));
    });

    it('refuses another HMAC algorithm with the right secret', async () => {
      await expect401(
        signToken(payloadFor(t.users.admin.id), t.env.JWT_SECRET, { alg: 'HS512', typ: 'JWT' }),
      );
    });

    it('refuses an expired token', async () => {
      await expect401(
        signToken(
          payloadFor(t.users.admin.id, { iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }),
          t.env.JWT_SECRET,
        ),
      );
    });

    it('refuses a token for a user that does not exist, or with a malformed subject', async () => {
      await expect401(signToken(payloadFor('0b7c6a47-2d7e-4c71-9a50-3b9ef0d6a000'), t.env.JWT_SECRET));
      await expect401(signToken(payloadFor("1' OR '1'='1"), t.env.JWT_SECRET));
      await expect401(signToken({ iat: nowSeconds(), exp: nowSeconds() + 60 }, t.env.JWT_SECRET));
    });

    it('refuses missing, malformed and non-bearer credentials', async () => {
      await request(t.url).get('/api/me').expect(401);
      await request(t.url).get('/api/me').set('Authorization', 'Bearer').expect(401);
      await request(t.url).get('/api/me').set('Authorization', 'Bearer a.b.c').expect(401);
      await request(t.url).get('/api/me').set('Authorization', `Basic ${t.as.admin.token}`).expect(401);
    });

    it("stops a deactivated user's token on the next request, and their login", async () => {
      const u = await t.createUser('caseworker');
      secretsUsed.add(u.agent.token);
      await u.agent.get('/api/me').expect(200);
      await t.as.admin.patch(`/api/users/${u.id}`).send({ active: false }).expect(200);
      await u.agent.get('/api/me').expect(401);
      const at = addresses();
      const res = await loginFrom(t.url, at(1), u.email, TEST_PASSWORD);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ message: 'Wrong email or password' });
      // reactivated: the same token works again (it was never revoked, only refused while inactive)
      await t.as.admin.patch(`/api/users/${u.id}`).send({ active: true }).expect(200);
      await u.agent.get('/api/me').expect(200);
    });

    it('applies a role change on the next request', async () => {
      const u = await t.createUser('caseworker');
      secretsUsed.add(u.agent.token);
      await u.agent.get('/api/users').expect(403);
      await t.as.admin.patch(`/api/users/${u.id}`).send({ role: 'admin' }).expect(200);
      await u.agent.get('/api/users').expect(200);
    });
  });

  it('never writes a password or a token to its output', async () => {
    const output = t.server.output.join('\n');
    expect(output.length).toBeGreaterThan(0);
    for (const secret of secretsUsed) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/wrong-password-123|not-the-password-at-all/);
    expect(output).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT at all
  });

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    beforeAll(() => t.restart({ TRUST_PROXY: 'loopback' }));

    it('takes the client address from X-Forwarded-For for the throttle and the audit log', async () => {
      const at = addresses();
      const forwarded = { 'x-forwarded-for': '198.51.100.7' };
      const ok = await loginFrom(t.url, at(1), ADMIN_EMAIL, ADMIN_PASSWORD, forwarded);
      expect(ok.status).toBe(200);
      secretsUsed.add((ok.body as { accessToken: string }).accessToken);
      const [row] = await t.db.query<{ client_address: string }>(
        "SELECT client_address FROM audit_entries WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1",
      );
      expect(row.client_address).toBe('198.51.100.7');
      // ten failures "from" one forwarded address block it, whichever proxy connection they use
      for (let i = 1; i <= 10; i++) {
        await loginFrom(t.url, at(i), `proxied-${i}@caseline.test`, 'wrong-password-123', forwarded);
      }
      expect((await loginFrom(t.url, at(11), ADMIN_EMAIL, ADMIN_PASSWORD, forwarded)).status).toBe(429);
      const other = await loginFrom(t.url, at(11), ADMIN_EMAIL, ADMIN_PASSWORD, {
        'x-forwarded-for': '198.51.100.8',
      });
      expect(other.status).toBe(200);
    });
  });
});
