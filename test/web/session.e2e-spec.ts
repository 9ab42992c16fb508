import type { Browser } from 'playwright-core';
import { createTestApp, TEST_PASSWORD, TestApp } from '../helpers/test-app';
import { describedBy, isFocused, launchBrowser, newPage, screenshot, seriousA11yViolations } from './browser';
import { AppLayout } from './pages/layout';
import { LoginPage } from './pages/login.page';

/** Journey: a caseworker signs in and out in the browser; the session lives in an HttpOnly cookie only. */
describe('web: sign in and sign out', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a signed-out visitor to /login, and shows a focused error summary for missing fields and a wrong password', async () => {
    const { context, page } = await newPage(browser, t.url);
    await page.goto('/cases?status=intake');
    await page.waitForURL(/\/login\?next=/);
    const login = new LoginPage(page);
    await login.signInButton().waitFor();
    expect(await page.title()).toBe('Sign in to Caseline – Caseline');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'login');

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

    await login.signIn(t.users.caseworker.email, 'not-the-password-at-all');
    await login.errorSummary().getByText('The email or password is not right').waitFor();
    expect(await isFocused(login.errorSummary())).toBe(true);
    await screenshot(page, 'login-error');
    await context.close();
  });

  it('signs in by the labelled fields into an HttpOnly SameSite=Strict cookie, stores nothing else, and signs out for good', async () => {
    const { context, page } = await newPage(browser, t.url);
    const login = await new LoginPage(page).open();
    await login.signIn(t.users.caseworker.email, TEST_PASSWORD);
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
    expect((await t.http().get('/api/me').set('Cookie', cookieHeader)).status).toBe(200);

    await new AppLayout(page).signOut();
    await login.signInButton().waitFor();
    expect(await context.cookies()).toEqual([]);
    // The old cookie is dead on the server, not only forgotten by the browser.
    expect((await t.http().get('/api/me').set('Cookie', cookieHeader)).status).toBe(401);
    expect((await t.http().get('/api/auth/session').set('Cookie', cookieHeader)).status).toBe(401);
    // And the app no longer shows anything of the case list.
    await page.goto('/cases');
    await page.waitForURL(/\/login/);
    await context.close();
  });

  it('returns to the page first asked for after sign-in', async () => {
    const { context, page } = await newPage(browser, t.url);
    await page.goto('/cases?status=closed&sort=reference');
    await page.waitForURL(/\/login/);
    await new LoginPage(page).signIn(t.users.coordinator.email, TEST_PASSWORD);
    await page.waitForURL(/\/cases\?status=closed&sort=reference$/);
    // A crafted ?next= cannot send the user to another site.
    await new AppLayout(page).signOut();
    await page.goto('/login?next=//evil.example/');
    await new LoginPage(page).signIn(t.users.coordinator.email, TEST_PASSWORD);
    await page.waitForURL(`${t.url}/cases`);
    await context.close();
  });
});
