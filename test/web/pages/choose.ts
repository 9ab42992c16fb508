import type { Locator, Page } from 'playwright-core';

/** Picks `option` in a Mantine Select or MultiSelect found by its label. */
export async function choose(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}
