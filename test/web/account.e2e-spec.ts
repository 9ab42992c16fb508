import { describedBy, isFocused, journey, screenshot, seriousA11yViolations } from './browser';
import { AccountPage } from './pages/account.page';
import { AppLayout } from './pages/layout';
import { LoginPage } from './pages/login.page';

const PASSWORD_LINE = /^ {2}password: (\S+)$/;

/** Journey: the first admin signs in with the printed one-time password and must choose their own first. */
describe('web: first admin sign-in forces the password change', () => {
  const j = journey({ bare: true });
  let printed: string;

  beforeAll(async () => {
    printed = PASSWORD_LINE.exec(j.t.server.output.find((l: string) => PASSWORD_LINE.test(l))!)![1];
  });

  it('takes the admin straight to /account, keeps them there until the password is changed, then lets them in', async () => {
    const { context, page } = await j.newPage();
    await (await new LoginPage(page).open()).signIn('admin@localhost', printed);
    await page.waitForURL(/\/account$/);
    const account = new AccountPage(page);
    await account.heading().waitFor();
    await page.getByText('You signed in with a one-time password').waitFor();
    // No way around it: no navigation, and any other address comes back here.
    expect(await new AppLayout(page).nav().getByRole('link').count()).toBe(0);
    await page.goto('/cases');
    await page.waitForURL(/\/account$/);
    await account.heading().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'account-password-change-required');

    // The API agrees: the session cookie alone reaches nothing else yet.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const refused = await j.t.http().get('/api/users').set('Cookie', cookie);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

    // The server's refusal of a weak password stands beside the field and in the focused summary.
    await account.changePassword(printed, 'password1234');
    await account.errorSummary().waitFor();
    expect(await isFocused(account.errorSummary())).toBe(true);
    const message = await account.errorSummary().getByRole('link').first().innerText();
    expect(message).toMatch(/^newPassword /);
    expect(await describedBy(account.newPassword())).toContain(message);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await account.changePassword(printed, 'a brand new admin passphrase');
    await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    await page.getByText('You signed in with a one-time password').waitFor({ state: 'detached' });
    expect((await j.t.http().get('/api/users').set('Cookie', cookie)).status).toBe(200);
    await screenshot(page, 'account');

    // The new password is the one that works from now on.
    await new AppLayout(page).signOut();
    await new LoginPage(page).signIn('admin@localhost', 'a brand new admin passphrase');
    await page.waitForURL(/\/account$/);
    await page.getByText('You signed in with a one-time password').waitFor({ state: 'detached' });
    await context.close();
  });
});
