import type { Locator, Page } from 'playwright-core';

/** Picks `option` in a Mantine Select or MultiSelect found by its label. */
export async function choose(page: Page, field: Locator, option: string): Promise<void> {
  // A MultiSelect's input sits under its pills box, which takes the click: the same for a user.
  await field.click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}
