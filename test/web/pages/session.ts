import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../helpers/test-app';
import { LoginPage } from './login.page';

/** Signs in through the sign-in page (the only way the app has) and waits for the start page. */
export async function signInAs(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await (await new LoginPage(page).open()).signIn(email, password);
  try {
    await page.waitForURL((url) => url.pathname !== '/login');
  } catch (e) {
    const shown = await page
      .locator('main')
      .innerText()
      .catch(() => '(no main)');
    throw new Error(`still on ${page.url()} after signing in as ${email}; the page shows: ${shown}`, {
      cause: e,
    });
  }
}
