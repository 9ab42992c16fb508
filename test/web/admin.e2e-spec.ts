import { intake } from '../factories/case-payloads';
import { ADMIN_PASSWORD } from '../helpers/test-app';
import { describedBy, journey, screenshot, seriousA11yViolations } from './browser';
import { AccountPage } from './pages/account.page';
import { AdminAuditPage, AdminUsersPage } from './pages/admin.page';
import { AppLayout } from './pages/layout';
import { LoginPage } from './pages/login.page';
import { signInAs } from './pages/session';

/** Journey: the admin's console — users and one-time passwords, the audit trail, role-bound navigation. */
describe('web: the admin console', () => {
  const j = journey();

  it('creates a user, issues a one-time password, and that user must change it on first sign-in', async () => {
    const { context, page } = await j.newPage();
    await signInAs(page, j.t.users.admin.email, ADMIN_PASSWORD);
    const users = await new AdminUsersPage(page).open();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The password rules' refusal stands beside the field and in the summary.
    const person = { email: 'robin.new@example.org', fullName: 'Robin Newcomer', role: 'Caseworker' };
    await users.create({ ...person, password: 'short' });
    await users.errorSummary().waitFor();
    expect(await describedBy(users.password())).toMatch(/password must be at least 12 characters/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await users.create({ ...person, password: 'a perfectly fine passphrase' });
    await page.getByRole('status').filter({ hasText: 'Robin Newcomer was added.' }).waitFor();
    await users.row('robin.new@example.org').waitFor();
    expect(await users.row('robin.new@example.org').getByLabel('Role of Robin Newcomer').inputValue()).toBe(
      'caseworker',
    );

    const otp = await users.issueOneTimePassword('Robin Newcomer');
    expect(otp.length).toBeGreaterThanOrEqual(12);
    await page.getByText('It will not be shown again.').waitFor();
    await page.getByRole('button', { name: 'Copy the password' }).waitFor();
    await users.row('robin.new@example.org').getByText('· must change password').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users');

    // The new user, in a browser of their own, signs in with it and must choose a password first.
    const other = await j.newPage();
    await (await new LoginPage(other.page).open()).signIn('robin.new@example.org', otp);
    await other.page.waitForURL(/\/account$/);
    await other.page.getByText('You signed in with a one-time password').waitFor();
    await other.page.goto('/cases');
    await other.page.waitForURL(/\/account$/);
    await new AccountPage(other.page).changePassword(otp, 'robin chooses a passphrase');
    await other.page.waitForURL(/\/cases$/);
    await other.context.close();

    // The audit trail holds these actions; the filter lives in the URL; the chain is whole.
    const robin = (await j.t.as.admin.get('/api/users').expect(200)).body.find(
      (u: { email: string }) => u.email === 'robin.new@example.org',
    ).id as string;
    const audit = await new AdminAuditPage(page).open();
    await audit.filterByAction('user.create');
    await page.waitForURL(/action=user\.create/);
    // Until the filtered page arrives the unfiltered one (with the password actions) stays on screen.
    await audit
      .entries()
      .getByRole('row')
      .filter({ hasText: 'user.password' })
      .first()
      .waitFor({ state: 'detached' });
    await audit.entries().getByRole('row').filter({ hasText: robin }).waitFor();
    const created = await audit.rows();
    expect(created).toContainEqual({ action: 'user.create', entity: `user ${robin}` });
    expect(new Set(created.map((r) => r.action))).toEqual(new Set(['user.create']));
    for (const action of ['user.password.reset', 'user.password.change']) {
      await audit.open(`?action=${action}`);
      await audit.entries().waitFor();
      expect(await audit.rows()).toEqual([{ action, entity: `user ${robin}` }]);
    }
    expect(await audit.verify()).toMatch(/^The chain is whole: all \d+ entries/);
    // The latest signed checkpoint of the log, what an inquiry pins.
    const signed = (await j.t.as.admin.post('/api/log/checkpoints').expect(201)).body;
    await audit.open();
    const [size, , root] = await audit.checkpointFacts();
    expect(size).toBe(`${signed.size.toLocaleString('en-GB')} records`);
    expect(root).toBe(signed.rootHash);
    await audit.latestCheckpoint().getByRole('link', { name: 'verifier key' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit');
    await context.close();
  });

  it('pages through the trail on the server, the page kept in the URL', async () => {
    const c = await intake(j.t.as.caseworker);
    for (let i = 0; i < 60; i++) await j.t.as.caseworker.get(`/api/cases/${c.id}`).expect(200);
    const { context, page } = await j.newPage();
    await signInAs(page, j.t.users.admin.email, ADMIN_PASSWORD);
    const audit = await new AdminAuditPage(page).open(`?action=case.read&entityId=${c.id}`);
    await audit
      .summary()
      .filter({ hasText: /^60 entries · page 1 of 2$/ })
      .waitFor();
    expect(await audit.rows()).toHaveLength(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    await audit
      .summary()
      .filter({ hasText: /page 2 of 2$/ })
      .waitFor();
    expect(await audit.rows()).toHaveLength(10);
    await page.reload();
    await audit
      .summary()
      .filter({ hasText: /page 2 of 2$/ })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await context.close();
  });

  it('lists refused requests (access.denied) in words, the action offered by the Action field', async () => {
    const c = await intake(j.t.as.caseworker);
    await j.t.as.researcher.get(`/api/cases/${c.id}`).expect(403);
    const { context, page } = await j.newPage();
    await signInAs(page, j.t.users.admin.email, ADMIN_PASSWORD);
    const audit = await new AdminAuditPage(page).open();
    // The Action field suggests access.denied (a datalist the browser offers as you type).
    const suggestions = page.locator(`datalist#${await audit.action().getAttribute('list')} option`);
    expect(await suggestions.first().getAttribute('value')).toBe('access.denied');
    await audit.filterByAction('access.denied');
    await page.waitForURL(/action=access\.denied/);
    // The unfiltered page (with this case's case.create) stays on screen until the filtered one arrives.
    await audit
      .entries()
      .getByRole('row')
      .filter({ hasText: 'case.create' })
      .first()
      .waitFor({ state: 'detached' });
    const row = audit.entries().getByRole('row').filter({ hasText: c.id });
    await row.waitFor();
    expect(new Set((await audit.rows()).map((r) => r.action))).toEqual(new Set(['access.denied']));
    expect(await audit.rows()).toContainEqual({ action: 'access.denied', entity: `case ${c.id}` });
    await row.getByText('Refused (403): GET /api/cases/:id').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit-access-denied');
    await context.close();
  });

  it.each([
    ['researcher', 'Researcher'],
    ['caseworker', 'Caseworker'],
  ] as const)(
    'offers a %s no admin screen, and /admin/users says it is not available',
    async (role, label) => {
      const { context, page } = await j.newPage();
      await signInAs(page, j.t.users[role].email);
      const nav = new AppLayout(page).nav();
      await nav.getByRole('link', { name: /^Notifications/ }).waitFor();
      const links = await nav.getByRole('link').allInnerTexts();
      expect(links.filter((l) => /Users|Audit|System/.test(l))).toEqual([]);
      await page.getByRole('banner').getByText(`(${label})`).waitFor();
      for (const path of ['/admin/users', '/admin/audit', '/admin/system']) {
        await page.goto(path);
        await page.getByRole('heading', { name: 'Not available for your role' }).waitFor();
      }
      expect(await seriousA11yViolations(page)).toEqual([]);
      if (role === 'researcher') await screenshot(page, 'not-available-for-role', { fullPage: false });
      await page.goto('/notifications');
      await page.getByRole('heading', { name: 'Not available for your role' }).waitFor({ state: 'detached' });
      await context.close();
    },
  );
});
