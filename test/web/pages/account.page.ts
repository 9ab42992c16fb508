import type { Page } from 'playwright-core';

/** /account: change password. */
export class AccountPage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { name: 'Your account' });
  readonly currentPassword = () => this.page.getByLabel('Current password', { exact: true });
  readonly newPassword = () => this.page.getByLabel('New password', { exact: true });
  readonly confirmPassword = () => this.page.getByLabel('Confirm new password', { exact: true });
  readonly submit = () => this.page.getByRole('button', { name: 'Change password' });
  readonly errorSummary = () => this.page.getByRole('alert').filter({ hasText: 'There is a problem' });

  async changePassword(current: string, next: string): Promise<void> {
    await this.currentPassword().fill(current);
    await this.newPassword().fill(next);
    await this.confirmPassword().fill(next);
    await this.submit().click();
  }
}
