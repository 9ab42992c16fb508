import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../helpers/ports';
import { ADMIN_PASSWORD, type TestAppOptions } from '../helpers/test-app';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { signInAs } from './pages/session';

/** Journey: /admin/system follows the app's own Redis going away and coming back. */
describe('web: the admin system page', () => {
  let port: number;
  let redis: ChildProcess | undefined;
  const startRedis = () => {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
  };
  const stopRedis = async () => {
    redis!.kill('SIGKILL');
    await once(redis!, 'exit');
  };
  // The app gets a Redis of its own (a private redis-server), so the test can stop it.
  const options: TestAppOptions = { env: {} };
  beforeAll(async () => {
    port = await freePort();
    options.env!.REDIS_URL = `redis://127.0.0.1:${port}/0`;
    startRedis();
  });
  const j = journey(options);
  afterAll(() => redis?.kill('SIGKILL'));

  it('shows the database and Redis up, the queues, then Redis down while it is stopped, and up again', async () => {
    const { context, page } = await j.newPage();
    await signInAs(page, j.t.users.admin.email, ADMIN_PASSWORD);
    await page.goto('/admin/system');
    await page.getByRole('heading', { name: 'System' }).waitFor();
    const redisState = page.getByTestId('health-redis');
    const table = page.getByRole('table', { name: 'Jobs per queue' });
    await page.getByTestId('health-database').getByText('Up').waitFor();
    await redisState.getByText('Up').waitFor();
    await table
      .getByRole('row', { name: /^reminders/ })
      .getByRole('cell')
      .first()
      .waitFor();
    await page.getByText(/^Last reminder reconcile: \d/).waitFor();
    await page.getByText(/^\d+ files, /).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-system');

    await stopRedis();
    await redisState.getByText('Down').waitFor({ timeout: 30_000 });
    await table.getByText('Not known: Redis does not answer').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('health-database').getByText('Up').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-system-redis-down');

    startRedis();
    await redisState.getByText('Up').waitFor({ timeout: 30_000 });
    await table
      .getByText('Not known: Redis does not answer')
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
    await context.close();
  });
});
