import request from 'supertest';
import { rawRequest } from './helpers/raw-http';
import { ADMIN_PASSWORD, createTestApp, TEST_PASSWORD, TestApp } from './helpers/test-app';

/** A small deterministic PRNG, so a failing junk body can be reproduced from its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

const STRINGS = [
  '',
  ' ',
  'a',
  'x'.repeat(5000),
  '\u0000',
  '\ud800',
  '😀'.repeat(50),
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'admin',
  'researcher',
  'true',
  '2026-13-45',
  '2026-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'a@b',
  'admin@caseline.test',
  '{"a":1}',
  '1e309',
  '-1',
  'NaN',
];
const FIELDS = [
  'email',
  'password',
  'fullName',
  'role',
  'active',
  'page',
  'limit',
  'from',
  'to',
  'action',
  'entityType',
  'entityId',
  'actorId',
  'version',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

function junkValue(r: ReturnType<typeof prng>, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return r.pick(STRINGS);
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE, 12, 201]);
    case 2:
      return r.pick([true, false]);
    case 3:
      return null;
    case 4:
      return r.pick(['admin', 'caseworker', 'coordinator', 'researcher', 'a-long-test-password-1']);
    case 5:
      return `${r.pick(STRINGS)}${r.int(1000)}@example.org`;
    case 6:
      return Array.from({ length: r.int(4) }, () => junkValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i >= 0; i--) o[r.pick(FIELDS)] = junkValue(r, depth + 1);
      return o;
    }
  }
}

/** A junk request body: mostly JSON of the wrong shape, sometimes not JSON at all. */
function junkBody(seed: number): { contentType: string; body: string | Buffer } {
  const r = prng(seed);
  switch (r.int(10)) {
    case 0:
      return {
        contentType: 'application/json',
        body: r.pick(['{', '{"a":', 'nul', '[1,]', "{'a':1}", '\u0000']),
      };
    case 1:
      return { contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` };
    case 2:
      return {
        contentType: 'application/json',
        body: JSON.stringify({ a: JSON.parse(`${'{"a":'.repeat(800)}1${'}'.repeat(800)}`) }),
      };
    case 3:
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: 'email[$ne]=x&password[]=1&role[__proto__][x]=1&active=yes',
      };
    case 4:
      return {
        contentType: r.pick(['text/plain', 'application/xml', 'multipart/form-data']),
        body: 'junk=1',
      };
    case 5:
      return { contentType: 'application/json; charset=utf-16', body: '{"a":1}' };
    case 6:
      return { contentType: 'application/json', body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]) };
    default:
      return { contentType: 'application/json', body: JSON.stringify(junkValue(r)) };
  }
}

/** encodeURIComponent that does not throw on lone surrogates. */
const enc = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));

function junkQuery(seed: number): string {
  const r = prng(seed * 7 + 1);
  const parts: string[] = [];
  for (let i = r.int(4); i > 0; i--) {
    const key = r.pick(FIELDS);
    const value = r.pick(STRINGS).slice(0, 200);
    parts.push(
      r.pick([
        `${enc(key)}=${enc(value)}`,
        `${enc(key)}[]=${enc(value)}`,
        `${enc(key)}[$gt]=1`,
        `${enc(key)}[a][b][c][d][e][f]=1`,
        `${enc(key)}=1&${enc(key)}=2`,
      ]),
    );
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

describe('HTTP hygiene', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('headers', () => {
    it('sends Cache-Control: no-store, an x-request-id and no x-powered-by on /api responses', async () => {
      for (const res of [
        await t.as.admin.get('/api/me'),
        await request(t.url).get('/api/me'),
        await request(t.url).get('/api/nothing-here'),
        await request(t.url).post('/api/auth/login').send({ email: 'a@b.c', password: 'x' }),
      ]) {
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.headers['x-powered-by']).toBeUndefined();
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('gives every response its own request id', async () => {
      const a = await request(t.url).get('/health/live');
      const b = await request(t.url).get('/health/live');
      expect(a.headers['x-request-id']).toBeDefined();
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
      expect(a.headers['x-powered-by']).toBeUndefined();
    });

    it('echoes a sane x-request-id and replaces one that is not', async () => {
      const sane = await t.as.admin.get('/api/me').set('x-request-id', 'trace-abc_123:4.5');
      expect(sane.headers['x-request-id']).toBe('trace-abc_123:4.5');
      for (const bad of [
        'short',
        'x'.repeat(65),
        'has spaces in it',
        '<script>alert(1)</script>',
        'a;b=c,d"e',
      ]) {
        const res = await t.as.admin.get('/api/me').set('x-request-id', bad);
        expect(res.headers['x-request-id']).not.toBe(bad);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('answers an unknown route with 404 in the error shape', async () => {
      const res = await t.as.admin.get('/api/no-such-route').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('serves health and docs outside /api', async () => {
      await request(t.url).get('/api/health/live').expect(404);
      await request(t.url).get('/health/live').expect(200);
      const docs = await request(t.url).get('/docs-json').expect(200);
      expect(docs.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    });
  });

  describe('bodies', () => {
    it('answers malformed JSON with 400 in the error shape', async () => {
      const res = await rawRequest(t.url, {
        method: 'POST',
        path: '/api/users',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.as.admin.token}` },
        body: '{"email": "a@b.c", ',
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        message: 'Malformed JSON in request body',
        error: 'Bad Request',
      });
      const login = await rawRequest(t.url, {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: '{oops',
      });
      expect(login.status).toBe(400);
    });

    it('answers unknown body fields with 400 naming each', async () => {
      const res = await t.as.admin
        .post('/api/users')
        .send({
          email: 'x@caseline.test',
          fullName: 'X',
          role: 'caseworker',
          password: TEST_PASSWORD,
          admin: 1,
          $where: 2,
        })
        .expect(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining(['property admin should not exist', 'property $where should not exist']),
      );
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const res = await t.as.admin
        .post('/api/users')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ fullName: 'x'.repeat(1024 * 1024 + 10) }));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, message: 'Request body too large' });
    });

    it('refuses a deeply nested body with 400 (it used to overflow the stack: 500)', async () => {
      const res = await t.as.admin
        .post('/api/users')
        .set('content-type', 'application/json')
        .send(`{"fullName":${'['.repeat(5000)}${']'.repeat(5000)}}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/nested deeper than 32 levels/);
    });

    it('does not let a prototype-polluting body reach the service', async () => {
      const res = await t.as.admin
        .post('/api/users')
        .set('content-type', 'application/json')
        .send(
          '{"email":"p@caseline.test","fullName":"P","role":"caseworker","password":"a-long-test-password","__proto__":{"role":"admin"}}',
        );
      expect([201, 400]).toContain(res.status);
      if (res.status === 201) expect(res.body.role).toBe('caseworker');
      await t.as.admin.get('/api/me').expect(200);
    });
  });

  describe('junk', () => {
    interface Route {
      method: string;
      path: string;
    }
    let routes: Route[];
    beforeAll(async () => {
      const doc = (await request(t.url).get('/docs-json').expect(200)).body as {
        paths: Record<string, object>;
      };
      routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
      );
    });

    it('finds the routes in the OpenAPI document', () => {
      expect(routes.length).toBeGreaterThanOrEqual(9);
    });

    it('answers 300 junk requests at every route without a 5xx', async () => {
      const ids = [
        t.users.caseworker.id,
        '00000000-0000-0000-0000-000000000000',
        'not-a-uuid',
        '%00',
        '..%2F..%2Fetc%2Fpasswd',
        'x'.repeat(300),
        '1%27%20OR%201%3D1',
        '%E0%A4%A',
      ];
      const failures: string[] = [];
      for (const route of routes) {
        const jobs = Array.from({ length: 300 }, (_, seed) => async () => {
          const r = prng(seed + 1);
          const path = route.path.replace(/\{[^}]+\}/g, () => r.pick(ids)) + junkQuery(seed);
          const { contentType, body } = junkBody(seed);
          const auth = r.int(10) === 0 ? 'Bearer junk' : `Bearer ${t.as.admin.token}`;
          const res = await rawRequest(t.url, {
            method: route.method,
            path,
            headers: { 'content-type': contentType, authorization: auth },
            body: route.method === 'GET' && r.int(2) === 0 ? undefined : body,
          });
          if (res.status >= 500 || res.status === 0) {
            failures.push(`${route.method} ${path} seed=${seed} -> ${res.status} ${res.text.slice(0, 200)}`);
          } else if (res.status >= 400) {
            const b = res.body as { statusCode?: number; error?: string };
            if (b?.statusCode !== res.status || !b.error) {
              failures.push(
                `${route.method} ${path} seed=${seed}: body not in the error shape: ${res.status} ${contentType} ${res.text.slice(0, 200)}`,
              );
            }
          }
        });
        // eight at a time
        for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((j) => j()));
      }
      const errors = t.server.output.filter((l) => l.includes('unhandled error')).slice(0, 3);
      expect({ failures, errors }).toEqual({ failures: [], errors: [] });
      // the server is still fine, and the admin is still an admin
      expect((await t.as.admin.get('/api/me').expect(200)).body.role).toBe('admin');
      expect((await t.as.admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    }, 600_000); // grows with the number of routes: 300 requests each
  });

  it('logs requests as JSON with method, route, status, duration, request id and user id', async () => {
    await t.as.admin
      .patch(`/api/users/${t.users.caseworker.id}`)
      .set('x-request-id', 'log-check-0002')
      .send({});
    const line = await t.server.waitForOutput(/log-check-0002/, 5000);
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({
      req: { id: 'log-check-0002', method: 'PATCH', route: '/api/users/:id' },
      res: { statusCode: 200 },
      userId: t.users.admin.id,
      responseTime: expect.any(Number),
    });
    expect(line).not.toContain(t.users.caseworker.id);
    // a path no route matched is logged cut short, without its query string
    await t.as.admin.get(`/api/${'x'.repeat(300)}?q=Jane%20Doe`).set('x-request-id', 'log-check-0003');
    const unmatched = JSON.parse(await t.server.waitForOutput(/log-check-0003/, 5000));
    expect(unmatched.req.route).toBe(`/api/${'x'.repeat(95)}`);
    expect(unmatched.res.statusCode).toBe(404);
  });

  it('never logs a password, a token or an authorization header', () => {
    const output = t.server.output.join('\n');
    expect(output).not.toContain(ADMIN_PASSWORD);
    expect(output).not.toContain(TEST_PASSWORD);
    for (const agent of Object.values(t.as)) expect(output).not.toContain(agent.token);
    expect(output).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(output).not.toMatch(/"authorization"/i);
    expect(output).not.toContain('a-long-test-password-1');
  });
});
