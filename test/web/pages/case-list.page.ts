import type { Page } from 'playwright-core';
import { choose } from './choose';

/** /cases: filters, sortable column headers, pages. */
export class CaseListPage {
  constructor(private readonly page: Page) {}

  readonly table = () => this.page.getByRole('table');
  readonly rows = () => this.table().locator('tbody tr');
  readonly status = () => this.page.getByRole('status').filter({ hasText: /Cases|No cases|Loading/ });
  readonly filters = () => this.page.getByRole('search', { name: 'Filter cases' });

  async open(query = ''): Promise<this> {
    await this.page.goto(`/cases${query}`);
    await this.loaded();
    return this;
  }

  /** Waits until the rows are the answer to the current URL (the table says which URL its rows answer). */
  async loaded(): Promise<void> {
    await this.page.waitForFunction(() => {
      const table = document.querySelector('table');
      return table?.dataset.for === location.search.slice(1) && table.getAttribute('aria-busy') === 'false';
    });
  }

  async references(): Promise<string[]> {
    return this.rows().locator('td:first-child').allInnerTexts();
  }

  async chooseFilter(label: string, option: string): Promise<void> {
    await choose(this.page, this.filters().getByRole('combobox', { name: label, exact: true }), option);
    await this.loaded();
  }

  async search(text: string): Promise<void> {
    await this.filters().getByLabel('Search', { exact: true }).fill(text);
    await this.filters().getByRole('button', { name: 'Apply filters' }).click();
    await this.loaded();
  }

  async sortBy(column: string): Promise<void> {
    await this.table()
      .getByRole('button', { name: new RegExp(`^${column}`) })
      .click();
    await this.loaded();
  }

  async goToPage(n: number): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Pages of cases' })
      .getByRole('button', { name: `Page ${n}`, exact: true })
      .click();
    await this.loaded();
  }
}
