import type { Page } from 'playwright-core';

/** The name of the focused control as a user sees it: its label, or a button's text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const input = el as HTMLInputElement;
    const label = input.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    return label.trim();
  });
}

/** Presses Tab (as a keyboard user would) until the control named `name` has the focus. */
export async function tabTo(page: Page, name: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`"${name}" was not reached by Tab in ${maxPresses} presses`);
}
