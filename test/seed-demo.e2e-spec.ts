import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestApp, TestApp } from './helpers/test-app';

const CLI = join(__dirname, '..', 'dist', 'cli', 'seed-demo.js');

describe('npm run seed:demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const seed = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...t.env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('fills an empty database with fictional cases in every status, then refuses to run again without --force', async () => {
    const first = seed();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const rows = await t.db.query<{ status: string; n: number }>(
      'SELECT status, COUNT(*) AS n FROM cases GROUP BY status',
    );
    expect(rows).toHaveLength(9);
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBeGreaterThanOrEqual(200);
    const [{ n: appeals }] = await t.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM appeals');
    expect(Number(appeals)).toBeGreaterThan(50);

    // The server reads the seeded data like any other.
    const list = await t.as.coordinator.get('/api/cases?status=reinstated&sort=appealDeadline').expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    const one = await t.as.coordinator.get(`/api/cases/${list.body.items[0].id}/timeline`).expect(200);
    expect(one.body.map((e: { type: string }) => e.type)).toContain('decision');

    const again = seed();
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/--force/);

    const forced = seed('--force', '--count', '20');
    expect(forced.status).toBe(0);
    const [{ n }] = await t.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cases');
    expect(Number(n)).toBe(260);

    // New intakes continue the seeded per-year sequences instead of reusing a reference.
    const refs = await t.db.query<{ reference: string }>('SELECT reference FROM cases');
    expect(new Set(refs.map((r) => r.reference)).size).toBe(refs.length);
  });
});
