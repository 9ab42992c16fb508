import request from 'supertest';
import { intake } from './factories/case-payloads';
import { fixtures } from './factories/evidence-files';
import { createTestApp, TestApp } from './helpers/test-app';

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: unknown }>;
  security?: unknown[];
  'x-roles'?: string[];
}

/**
 * Routes open without a bearer token — each one a deliberate exception: login, health, and the
 * calendar feed (calendar apps cannot send headers; the feed checks its own personal token).
 */
const PUBLIC = [
  'POST /api/auth/login',
  'POST /api/auth/session',
  'GET /health/live',
  'GET /health/ready',
  'GET /api/calendar.ics',
];

const PLATFORM = [
  'POST /api/auth/login',
  'POST /api/auth/session',
  'GET /api/auth/session',
  'DELETE /api/auth/session',
  'GET /api/me',
  'POST /api/me/password',
  'POST /api/users/{id}/password-reset',
  'POST /api/users',
  'GET /api/users',
  'PATCH /api/users/{id}',
  'GET /api/audit',
  'GET /api/audit/verify',
  'GET /health/live',
  'GET /health/ready',
];

describe('OpenAPI document', () => {
  let t: TestApp;
  let ops: { key: string; op: Operation }[];
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, Record<string, unknown>> };
  };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.url).get('/docs-json').expect(200)).body;
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
  });
  afterAll(() => t.close());

  it('serves the UI at /docs', async () => {
    const res = await request(t.url).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('lists the platform routes', () => {
    expect(ops.map((o) => o.key)).toEqual(expect.arrayContaining(PLATFORM));
  });

  it('gives every platform route a summary', () => {
    for (const { key, op } of ops.filter((o) => PLATFORM.includes(o.key))) {
      expect({ key, summary: Boolean(op.summary) }).toEqual({ key, summary: true });
    }
  });

  it('gives every route a documented success response', () => {
    for (const { key, op } of ops) {
      expect({ key, success: Object.keys(op.responses).some((c) => /^2/.test(c)) }).toEqual({
        key,
        success: true,
      });
    }
  });

  it('declares bearer or cookie auth, the allowed roles, 401 and 403 on every non-public route', () => {
    expect(doc.components.securitySchemes.cookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'caseline_session',
    });
    for (const { key, op } of ops.filter((o) => !PUBLIC.includes(o.key))) {
      expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }, { cookie: [] }] });
      expect({ key, roles: op['x-roles']?.includes('admin') }).toEqual({ key, roles: true });
      expect({ key, codes: ['401', '403'].every((c) => c in op.responses) }).toEqual({ key, codes: true });
      expect(op.responses['403'].description).toContain(`Allowed roles: ${op['x-roles']!.join(', ')}`);
    }
  });

  it('documents 400 wherever a body or query is validated, and 404 wherever an id is taken', () => {
    for (const { key, op } of ops) {
      const validated = Boolean(op.requestBody) || (op.parameters ?? []).some((p) => p.in === 'query');
      if (validated) expect({ key, has400: '400' in op.responses }).toEqual({ key, has400: true });
      if ((op.parameters ?? []).some((p) => p.in === 'path')) {
        expect({ key, has404: '404' in op.responses }).toEqual({ key, has404: true });
      }
    }
  });

  it('describes responses with schemas, not just words, for the platform routes', () => {
    for (const key of [
      'POST /api/auth/login',
      'POST /api/auth/session',
      'GET /api/auth/session',
      'GET /api/me',
      'POST /api/me/password',
      'POST /api/users/{id}/password-reset',
      'GET /api/users',
      'GET /api/audit',
    ]) {
      const op = ops.find((o) => o.key === key)!.op;
      const ok = op.responses['200'] ?? op.responses['201'];
      expect({ key, content: Boolean(ok.content) }).toEqual({ key, content: true });
    }
  });

  it('answers every GET under /api with Cache-Control: no-store, whatever the status', async () => {
    const c = await intake(t.as.caseworker);
    const evidence = await t.as.caseworker
      .post(`/api/cases/${c.id}/evidence`)
      .attach('file', fixtures.pdf(), 'letter.pdf')
      .expect(201);
    const gets = ops.filter((o) => o.key.startsWith('GET /api/'));
    expect(gets.length).toBeGreaterThan(20);
    const statuses = new Set<number>();
    for (const { key } of gets) {
      const path = key
        .slice('GET '.length)
        .replace(/\/evidence\/\{[^}]+\}/, `/evidence/${evidence.body.id}`)
        .replace(/\{[^}]+\}/g, c.id);
      const res = await t.as.admin.get(path.includes('/exports/timeline') ? `${path}?format=csv` : path);
      statuses.add(res.status);
      expect({ key, cacheControl: res.headers['cache-control'] }).toEqual({ key, cacheControl: 'no-store' });
    }
    // the walk reached real answers (evidence content, the export stream), not only refusals
    expect(statuses.has(200)).toBe(true);
    const content = await t.as.admin.get(`/api/evidence/${evidence.body.id}/content`).expect(200);
    expect(content.headers['cache-control']).toBe('no-store');
  });
});
