import type { Page } from 'playwright-core';

/** /members/:id and its Merge dialog, found by the labels users see. */
export class MemberPage {
  constructor(private readonly page: Page) {}

  readonly mergeButton = () => this.page.getByRole('button', { name: 'Merge', exact: true });
  readonly dialog = () => this.page.getByRole('dialog', { name: 'Merge into another member' });
  readonly comparison = () => this.dialog().getByRole('table', { name: 'The two members side by side' });

  async open(id: string): Promise<this> {
    await this.page.goto(`/members/${id}`);
    await this.page.getByRole('heading', { name: 'Member', exact: true }).waitFor();
    return this;
  }

  /** Opens the dialog, finds the member to keep by `search` and chooses the option named `option`. */
  async chooseMemberToKeep(search: string, option: string): Promise<void> {
    await this.mergeButton().click();
    await this.dialog().getByLabel('Find the member to keep').fill(search);
    await this.dialog().getByRole('radio', { name: option }).check();
    await this.comparison().waitFor();
  }

  async confirm(reason: string): Promise<void> {
    await this.dialog().getByLabel('Reason').fill(reason);
    await this.dialog().getByRole('button', { name: 'Merge', exact: true }).click();
  }
}
