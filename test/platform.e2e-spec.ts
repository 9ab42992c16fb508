import { createTestApp, TestApp } from './helpers/test-app';

describe('platform smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves /api/me for each role', async () => {
    for (const role of ['admin', 'caseworker', 'coordinator', 'researcher'] as const) {
      const res = await t.as[role].get('/api/me').expect(200);
      expect(res.body.role).toBe(role);
    }
  });
});
