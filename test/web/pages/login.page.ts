import type { Page } from 'playwright-core';

/** /login, found by its labels. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  readonly email = () => this.page.getByLabel('Email', { exact: true });
  readonly password = () => this.page.getByLabel('Password', { exact: true });
  readonly signInButton = () => this.page.getByRole('button', { name: 'Sign in' });
  readonly errorSummary = () => this.page.getByRole('alert').filter({ hasText: 'There is a problem' });

  async open(): Promise<this> {
    await this.page.goto('/login');
    await this.signInButton().waitFor();
    return this;
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email().fill(email);
    await this.password().fill(password);
    await this.signInButton().click();
  }
}
