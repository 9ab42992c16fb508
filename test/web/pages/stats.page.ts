import type { Locator, Page } from 'playwright-core';

/** /stats: a chart and a table per statistic, filters in the URL. */
export class StatsPage {
  constructor(readonly page: Page) {}

  /** The tables and the grouping each one asks the API for. */
  static readonly TABLES = [
    { id: 'per-month', groupBy: 'month' },
    { id: 'by-region', groupBy: 'region' },
    { id: 'by-action-type', groupBy: 'actionType' },
    { id: 'by-issuing-body', groupBy: 'issuingBody' },
    { id: 'median-days', groupBy: 'month' },
  ] as const;

  async open(search = ''): Promise<this> {
    await this.page.goto(`/stats${search}`);
    return this;
  }

  readonly filters = () => this.page.getByRole('form', { name: 'Filter the statistics' });
  readonly table = (id: string) => this.page.getByTestId(`${id}-table`);
  readonly chart = (title: string) => this.page.getByRole('img', { name: new RegExp(`^${title}: `) });

  /** Waits until every table shows the answer for `filters` (the URL's filter part, e.g. "region=North"). */
  async loaded(filters = ''): Promise<void> {
    for (const { id } of StatsPage.TABLES) {
      await this.page
        .locator(`[data-testid="${id}-table"][data-for="${filters}"][aria-busy="false"]`)
        .waitFor();
    }
  }

  /** The table's column headings and rows: the group's key (data-key) and the cells' text. */
  async read(id: string): Promise<{ headings: string[]; rows: { key: string; cells: string[] }[] }> {
    const table: Locator = this.table(id);
    const headings = await table.locator('thead th').allInnerTexts();
    const rows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        key: tr.querySelector('th')!.getAttribute('data-key')!,
        cells: [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim()),
      })),
    );
    return { headings, rows };
  }
}
