import { seedCase } from './factories/seed';
import { createTestApp, TestApp } from './helpers/test-app';

describe('test factories', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds a member and a case straight into the database', async () => {
    const seeded = await seedCase(t.db, t.users.caseworker.id, { fullName: 'Ann Example' });
    const rows = await t.db.query<{ reference: string; full_name: string }>(
      'SELECT c.reference, m.full_name FROM cases c JOIN members m ON m.id = c.member_id WHERE c.id = ?',
      [seeded.caseId],
    );
    expect(rows).toEqual([{ reference: seeded.reference, full_name: 'Ann Example' }]);
  });
});
