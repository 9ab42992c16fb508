import request from 'supertest';
import { OpenApiDocument, Operation, operations } from './helpers/openapi';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Routes open without a bearer token — each one a deliberate exception: login, health, and the
 * calendar feed (calendar apps cannot send headers; the feed checks its own personal token).
 */
const PUBLIC = ['POST /api/auth/login', 'GET /health/live', 'GET /health/ready', 'GET /api/calendar.ics'];

const PLATFORM = [
  'POST /api/auth/login',
  'GET /api/me',
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
  beforeAll(async () => {
    t = await createTestApp();
    ops = operations((await request(t.url).get('/docs-json').expect(200)).body as OpenApiDocument);
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

  it('declares bearer auth, the allowed roles, 401 and 403 on every non-public route', () => {
    for (const { key, op } of ops.filter((o) => !PUBLIC.includes(o.key))) {
      expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }] });
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
    for (const key of ['POST /api/auth/login', 'GET /api/me', 'GET /api/users', 'GET /api/audit']) {
      const op = ops.find((o) => o.key === key)!.op;
      const ok = op.responses['200'] ?? op.responses['201'];
      expect({ key, content: Boolean(ok.content) }).toEqual({ key, content: true });
    }
  });
});
