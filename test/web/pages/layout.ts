import type { Page } from 'playwright-core';

/** The header of every signed-in screen. */
export class AppLayout {
  constructor(private readonly page: Page) {}

  readonly nav = () => this.page.getByRole('navigation', { name: 'Main' });
  readonly notificationsLink = () => this.nav().getByRole('link', { name: /^Notifications/ });
  readonly signOutButton = () => this.page.getByRole('banner').getByRole('button', { name: 'Sign out' });

  async unreadCount(): Promise<number> {
    const text = (await this.notificationsLink().innerText()).replace(/\s+/g, ' ');
    return Number(/(\d+)/.exec(text)?.[1] ?? NaN);
  }

  async signOut(): Promise<void> {
    await this.signOutButton().click();
    await this.page.waitForURL(/\/login/);
  }
}
