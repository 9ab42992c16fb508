import type { Download, Locator, Page } from 'playwright-core';

/** /exports: the export builder and the caller's background exports. */
export class ExportsPage {
  constructor(readonly page: Page) {}

  async open(search = ''): Promise<this> {
    await this.page.goto(`/exports${search}`);
    await this.exportsSection().waitFor();
    return this;
  }

  readonly pseudonymised = () => this.page.getByRole('checkbox', { name: 'Pseudonymised' });
  readonly startButton = () => this.page.getByRole('button', { name: 'Start export' });
  readonly downloadNow = () => this.page.getByRole('link', { name: 'Download now' });
  readonly exportsSection = () => this.page.getByRole('region', { name: 'Your exports' });
  readonly rows = () => this.exportsSection().locator('tbody tr');
  readonly row = (id: string) => this.exportsSection().locator(`tr[data-export-id="${id}"]`);
  readonly progress = (row: Locator) => row.getByRole('status');

  /** Starts a background export and returns the id of the row that appears for it. */
  async start(): Promise<string> {
    const before = new Set(
      await this.rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-export-id'))),
    );
    await this.startButton().click();
    for (;;) {
      const ids = await this.rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-export-id')));
      const fresh = ids.find((id) => id && !before.has(id));
      if (fresh) return fresh;
      await this.page.waitForTimeout(100);
    }
  }

  async waitForStatus(id: string, status: 'queued' | 'running' | 'done' | 'failed'): Promise<void> {
    await this.page
      .locator(`tr[data-export-id="${id}"][data-status="${status}"]`)
      .waitFor({ timeout: 30_000 });
  }

  async manifest(id: string): Promise<{ rows: string; bytes: string; sha256: string }> {
    const row = this.row(id);
    return {
      rows: await row.locator('[data-field="rows"]').innerText(),
      bytes: (await row.locator('[data-field="bytes"]').getAttribute('data-bytes')) ?? '',
      sha256: await row.locator('[data-field="sha256"]').innerText(),
    };
  }

  /** Clicks the row's download link and gives the file Playwright saved. */
  async download(id: string): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.row(id)
        .getByRole('link', { name: /^Download/ })
        .click(),
    ]);
    return download;
  }

  /** Clicks the row's proofs file link (CSV exports) and gives the file Playwright saved. */
  async proofs(id: string): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.row(id)
        .getByRole('link', { name: /^Proofs file/ })
        .click(),
    ]);
    return download;
  }

  /** The help on checking an export with the verifier. */
  readonly verifierHelp = () => this.page.getByRole('region', { name: 'Check an export' });
}
