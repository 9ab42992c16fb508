import type { Page } from 'playwright-core';

/** /board, found by roles and visible labels. */
export class BoardPage {
  constructor(private readonly page: Page) {}

  readonly column = (label: string) => this.page.getByRole('region', { name: new RegExp(`^${label} `) });
  readonly card = (reference: string) => this.page.locator(`[data-case="${reference}"]`);
  readonly cardIn = (label: string, reference: string) =>
    this.column(label).locator(`[data-case="${reference}"]`);
  readonly handle = (reference: string) => this.page.getByRole('button', { name: `Drag ${reference}` });
  readonly menu = (reference: string) => this.page.getByRole('button', { name: `Move ${reference} to…` });
  readonly alert = () => this.page.getByRole('alert').filter({ hasText: /moved/ });
  readonly dialog = (name: string) => this.page.getByRole('dialog', { name });

  async open(query = ''): Promise<this> {
    await this.page.goto(`/board${query}`);
    await this.page.getByRole('heading', { level: 1, name: 'Board' }).waitFor();
    await this.column('Intake').waitFor();
    await this.page.waitForLoadState('networkidle');
    return this;
  }
}
