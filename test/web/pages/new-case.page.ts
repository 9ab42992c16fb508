import type { Page } from 'playwright-core';
import { choose } from './choose';

export interface IntakeInput {
  fullName?: string;
  membershipNumber?: string;
  email?: string;
  phone?: string;
  constituencyParty?: string;
  region?: string;
  actionType?: string;
  /** As typed: 2026-03-01 */
  actionDate?: string;
  notifiedOn?: string;
  summary?: string;
  tags?: string[];
  assignee?: string;
}

/** /cases/new, found by the contract's labels. */
export class NewCasePage {
  constructor(private readonly page: Page) {}

  readonly field = (label: string) => this.page.getByLabel(label, { exact: true });
  /** A Select's input (its list of options carries the same label). */
  readonly select = (label: string) => this.page.getByRole('combobox', { name: label, exact: true });
  readonly submit = () => this.page.getByRole('button', { name: 'Create case' });
  readonly errorSummary = () => this.page.getByRole('alert').filter({ hasText: 'There is a problem' });
  readonly duplicates = () => this.page.getByRole('region', { name: 'Possible duplicates' });

  async open(): Promise<this> {
    await this.page.goto('/cases/new');
    await this.page.getByRole('heading', { name: 'New case' }).waitFor();
    return this;
  }

  async fill(input: IntakeInput): Promise<void> {
    if (input.fullName !== undefined) await this.field('Full name').fill(input.fullName);
    for (const [label, value] of [
      ['Membership number', input.membershipNumber],
      ['Email', input.email],
      ['Phone', input.phone],
      ['Constituency party', input.constituencyParty],
      ['Region', input.region],
      ['Summary', input.summary],
    ] as const) {
      if (value !== undefined) await this.field(label).fill(value);
    }
    if (input.actionType) await choose(this.page, this.select('Action type'), input.actionType);
    if (input.actionDate) await this.field('Action date').fill(input.actionDate);
    if (input.notifiedOn) await this.field('Notified on').fill(input.notifiedOn);
    for (const tag of input.tags ?? []) {
      await this.select('Tags').fill(tag);
      await this.select('Tags').press('Enter');
    }
    if (input.assignee) await choose(this.page, this.select('Assignee'), input.assignee);
  }
}
