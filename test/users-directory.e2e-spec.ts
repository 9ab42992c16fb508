import { createTestApp, TestApp } from './helpers/test-app';

describe('GET /api/users/directory (who a case can be assigned to)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the active caseworkers and coordinators by name, with id, name and role only', async () => {
    const extra = await t.createUser('caseworker', { fullName: 'Aaron Early' });
    const gone = await t.createUser('coordinator', { fullName: 'Zed Gone' });
    await t.as.admin.patch(`/api/users/${gone.id}`).send({ active: false }).expect(200);

    for (const role of ['caseworker', 'coordinator'] as const) {
      const res = await t.as[role].get('/api/users/directory').expect(200);
      expect(res.body).toEqual([
        { id: extra.id, fullName: 'Aaron Early', role: 'caseworker' },
        { id: t.users.caseworker.id, fullName: 'Test caseworker', role: 'caseworker' },
        { id: t.users.coordinator.id, fullName: 'Test coordinator', role: 'coordinator' },
      ]);
    }
  });

  it('is not for researchers (they see no names)', async () => {
    await t.as.researcher.get('/api/users/directory').expect(403);
  });
});
