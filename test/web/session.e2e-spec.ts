import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD } from '../helpers/test-app';
import { describedBy, isFocused, journey, screenshot, seriousA11yViolations } from './browser';
import { AppLayout } from './pages/layout';
import { signInAs } from './pages/session';
import { LoginPage } from './pages/login.page';

/** Journey: a caseworker signs in and out in the browser; the session lives in an HttpOnly cookie only. */
describe('web: sign in and sign out', () => {
  const j = journey();

  it('sends a signed-out visitor to /login, and shows a focused error summary for missing fields and a wrong password', async () => {
    const { context, page } = await j.newPage();
    await page.goto('/cases?status=intake');
    await page.waitForURL(/\/login\?next=/);
    const login = new LoginPage(page);
    await login.signInButton().waitFor();
    expect(await page.title()).toBe('Sign in to Caseline – Caseline');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'login');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });

    await login.signInButton().click();
    await login.errorSummary().waitFor();
    expect(await isFocused(login.errorSummary())).toBe(true);
    expect(await login.errorSummary().getByRole('link').allInnerTexts()).toEqual([
      'Enter your email address',
      'Enter your password',
    ]);
    // Each error also stands beside its field, tied to it for screen readers.
    expect(await describedBy(login.email())).toContain('Enter your email address');
    // The summary's link takes the keyboard to the field.
    await login.errorSummary().getByRole('link', { name: 'Enter your password' }).click();
    expect(await isFocused(login.password())).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await login.signIn(j.t.users.caseworker.email, 'not-the-password-at-all');
    await login.errorSummary().getByText('The email or password is not right').waitFor();
    expect(await isFocused(login.errorSummary())).toBe(true);
    await screenshot(page, 'login-error');
    await context.close();
  });

  it('signs in by the labelled fields into an HttpOnly SameSite=Strict cookie, stores nothing else, and signs out for good', async () => {
    const { context, page } = await j.newPage();
    const login = await new LoginPage(page).open();
    await login.signIn(j.t.users.caseworker.email, TEST_PASSWORD);
    // Back where the caseworker was going (or their start page): their cases.
    await page.waitForURL(/\/cases$/);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    const header = page.getByRole('banner');
    await header.getByText('Test caseworker').waitFor();

    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    const [cookie] = cookies;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);

    // The session works for the API, with the cookie alone.
    const cookieHeader = `${cookie.name}=${cookie.value}`;
    expect((await j.t.http().get('/api/me').set('Cookie', cookieHeader)).status).toBe(200);

    await new AppLayout(page).signOut();
    await login.signInButton().waitFor();
    expect(await context.cookies()).toEqual([]);
    // The old cookie is dead on the server, not only forgotten by the browser.
    expect((await j.t.http().get('/api/me').set('Cookie', cookieHeader)).status).toBe(401);
    expect((await j.t.http().get('/api/auth/session').set('Cookie', cookieHeader)).status).toBe(401);
    // And the app no longer shows anything of the case list.
    await page.goto('/cases');
    await page.waitForURL(/\/login/);
    await context.close();
  });

  it('keeps the new session when the start-up "who is signed in?" answers only after the sign-in', async () => {
    const { context, page } = await j.newPage();
    // Hold the server's real answer ("nobody") to the first session check until the sign-in is done.
    let release!: () => void;
    const signedIn = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route('**/api/auth/session', async (route) => {
      if (route.request().method() !== 'GET' || held++ > 0) return route.fallback();
      const response = await route.fetch();
      await signedIn;
      await route.fulfill({ response });
    });
    const login = await new LoginPage(page).open();
    await login.signIn(j.t.users.caseworker.email, TEST_PASSWORD);
    await page.waitForURL(/\/cases$/);
    const lateAnswer = page.waitForResponse(
      (r) => r.request().method() === 'GET' && r.url().endsWith('/api/auth/session'),
    );
    release();
    expect((await lateAnswer).status()).toBe(401);
    // Still signed in: the app moves on to another screen instead of back to the sign-in page.
    await new AppLayout(page).nav().getByRole('link', { name: 'New case' }).click();
    await page.waitForURL(/\/cases\/new$/);
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    await context.close();
  });

  it('returns to the page first asked for after sign-in', async () => {
    const { context, page } = await j.newPage();
    await page.goto('/cases?status=closed&sort=reference');
    await page.waitForURL(/\/login/);
    await new LoginPage(page).signIn(j.t.users.coordinator.email, TEST_PASSWORD);
    await page.waitForURL(/\/cases\?status=closed&sort=reference$/);
    // A crafted ?next= cannot send the user to another site.
    await new AppLayout(page).signOut();
    await page.goto('/login?next=//evil.example/');
    await new LoginPage(page).signIn(j.t.users.coordinator.email, TEST_PASSWORD);
    await page.waitForURL(`${j.t.url}/cases`);
    await context.close();
  });

  it("shows the user's unread notifications count in the header, read again on each move to another screen", async () => {
    const notify = (message: string) =>
      j.t.db.query(
        "INSERT INTO notifications (id, user_id, kind, message, created_at) VALUES (?, ?, 'custom', ?, ?)",
        [randomUUID(), j.t.users.caseworker.id, message, new Date().toISOString()],
      );
    await notify('First');
    await notify('Second');
    const { context, page } = await j.newPage();
    await signInAs(page, j.t.users.caseworker.email);
    const layout = new AppLayout(page);
    await layout.notificationsLink().filter({ hasText: '2' }).waitFor();
    expect(await layout.notificationsLink().getAttribute('aria-label')).toBeNull();
    expect((await layout.notificationsLink().innerText()).replace(/\s+/g, ' ')).toBe(
      'Notifications 2 unread',
    );
    await notify('Third');
    await layout.nav().getByRole('link', { name: 'New case' }).click();
    await layout.notificationsLink().filter({ hasText: '3' }).waitFor();
    expect(await layout.unreadCount()).toBe(3);
    await context.close();
  });
});
