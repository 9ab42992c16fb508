import type { Page } from 'playwright-core';

/** /admin/users, found by its labels. */
export class AdminUsersPage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { name: 'Users', exact: true });
  readonly table = () => this.page.getByRole('table', { name: 'Users' });
  readonly row = (name: string) => this.table().getByRole('row').filter({ hasText: name });
  readonly form = () => this.page.getByRole('region', { name: 'Add a user' });
  readonly email = () => this.form().getByLabel('Email', { exact: true });
  readonly fullName = () => this.form().getByLabel('Full name', { exact: true });
  readonly role = () => this.form().getByLabel('Role', { exact: true });
  readonly password = () => this.form().getByLabel('Password', { exact: true });
  readonly errorSummary = () => this.form().getByRole('alert').filter({ hasText: 'There is a problem' });
  readonly oneTimePassword = () => this.page.getByTestId('one-time-password');

  async open(): Promise<this> {
    await this.page.goto('/admin/users');
    await this.heading().waitFor();
    return this;
  }

  async create(user: { email: string; fullName: string; role: string; password: string }): Promise<void> {
    await this.email().fill(user.email);
    await this.fullName().fill(user.fullName);
    await this.role().selectOption({ label: user.role });
    await this.password().fill(user.password);
    await this.form().getByRole('button', { name: 'Add the user' }).click();
  }

  async issueOneTimePassword(fullName: string): Promise<string> {
    await this.page.getByRole('button', { name: `Issue a one-time password for ${fullName}` }).click();
    return this.oneTimePassword().innerText();
  }
}

/** /admin/audit: filters, the entries table and the chain check. */
export class AdminAuditPage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { name: 'Audit trail' });
  readonly entries = () => this.page.getByRole('table', { name: 'Audit entries' });
  readonly summary = () => this.page.getByRole('status').filter({ hasText: /(entry|entries) · page/ });
  readonly action = () => this.page.getByLabel('Action', { exact: true });
  readonly latestCheckpoint = () => this.page.getByRole('region', { name: 'Latest checkpoint' });

  /** The latest checkpoint's facts as shown: tree size, signed, root hash. */
  async checkpointFacts(): Promise<string[]> {
    const facts = this.latestCheckpoint().getByRole('definition');
    await facts.first().waitFor();
    return facts.allInnerTexts();
  }

  async open(query = ''): Promise<this> {
    await this.page.goto(`/admin/audit${query}`);
    await this.heading().waitFor();
    return this;
  }

  async filterByAction(action: string): Promise<void> {
    await this.action().fill(action);
    await this.page.getByRole('button', { name: 'Apply the filters' }).click();
  }

  /** The action and entity column of every row shown. */
  async rows(): Promise<{ action: string; entity: string }[]> {
    const cells = await this.entries()
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')),
      );
    return cells.map((c) => ({ action: c[2], entity: c[4] }));
  }

  async verify(): Promise<string> {
    await this.page.getByRole('button', { name: 'Verify the chain' }).click();
    const result = this.page.getByRole('status').filter({ hasText: /^The chain is/ });
    await result.waitFor();
    return result.innerText();
  }
}
