import type { Locator, Page } from 'playwright-core';

/** Picks an option of a Mantine Select inside a dialog (no Escape: that would close the dialog). */
export async function pick(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** /cases/:id, found by roles and visible labels. */
export class CasePage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { level: 1 });
  readonly status = () => this.page.getByTestId('case-status');
  readonly nextSteps = () => this.page.getByRole('group', { name: 'Next steps' });
  readonly step = (name: string) => this.nextSteps().getByRole('button', { name, exact: true });
  readonly dialog = (name: string) => this.page.getByRole('dialog', { name });
  readonly section = (name: string) => this.page.getByRole('region', { name });
  readonly timeline = () => this.section('Timeline');
  readonly evidence = () => this.section('Evidence');
  readonly appeals = () => this.section('Appeals');
  readonly reminders = () => this.section('Reminders');
  readonly history = () => this.section('History');

  async open(id: string): Promise<this> {
    await this.page.goto(`/cases/${id}`);
    await this.heading()
      .filter({ hasText: /^Case / })
      .waitFor();
    await this.page.waitForLoadState('networkidle');
    return this;
  }

  /** Opens the dialog of a move and answers it; `fill` types the dialog's own fields. */
  async move(step: string, fill: (dialog: Locator) => Promise<void> = async () => undefined, submit = step) {
    await this.step(step).click();
    const dialog = this.dialog(step);
    await dialog.waitFor();
    await fill(dialog);
    await dialog.getByRole('button', { name: submit, exact: true }).click();
    return dialog;
  }

  async waitForStatus(label: string): Promise<void> {
    await this.status()
      .filter({ hasText: new RegExp(`^${label}$`) })
      .waitFor();
  }
}

/**
 * A field by its visible label, exactly — a required field's label ends in Mantine's " *" (hidden
 * from screen readers, but part of the label's text that getByLabel reads).
 */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}
