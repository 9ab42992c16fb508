import type { Page } from 'playwright-core';
import { intake } from '../factories/case-payloads';
import type { TestApp } from '../helpers/test-app';
import { day, londonDate } from './days';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { field } from './pages/case.page';
import { signInAs } from './pages/session';

describe('the reminders list (coordinator, in Chromium)', () => {
  const j = journey();
  let t: TestApp;
  let page: Page;

  beforeAll(async () => {
    t = j.t;
    ({ page } = await j.newPage());
    await signInAs(page, t.users.coordinator.email);
  });

  const remind = async (caseId: string, message: string, days: number, recipientIds: string[]) =>
    (
      await t.as.coordinator
        .post(`/api/cases/${caseId}/reminders`)
        .send({ dueAt: new Date(Date.now() + days * 86_400_000).toISOString(), message, recipientIds })
        .expect(201)
    ).body as { id: string; dueAt: string };

  it("lists the caller's scheduled and failed reminders; reschedules and cancels", async () => {
    const c = await intake(t.as.coordinator);
    const mine = await remind(c.id, 'Chase the branch secretary', 2, [t.users.coordinator.id]);
    const toCancel = await remind(c.id, 'Ask for the minutes', 3, [t.users.coordinator.id]);
    await remind(c.id, 'Not for the coordinator', 2, [t.users.caseworker.id]);
    const failed = await remind(c.id, 'Email the member', 4, [t.users.coordinator.id]);
    await t.db.query("UPDATE reminders SET status = 'failed', attempts = 3, last_error = ? WHERE id = ?", [
      'SMTP 554: mailbox unavailable',
      failed.id,
    ]);

    await page.goto('/reminders');
    const scheduled = page.getByRole('region', { name: /^Scheduled/ });
    await scheduled.getByRole('cell', { name: 'Chase the branch secretary', exact: true }).waitFor();
    await scheduled.getByRole('cell', { name: 'Ask for the minutes', exact: true }).waitFor();
    expect(await page.getByText('Not for the coordinator').count()).toBe(0);
    const failedRow = page
      .getByRole('region', { name: /^Failed/ })
      .getByRole('row')
      .filter({ hasText: 'Email the member' });
    await failedRow.getByRole('cell', { name: 'SMTP 554: mailbox unavailable', exact: true }).waitFor();
    expect(await failedRow.getByRole('cell', { name: '3', exact: true }).count()).toBe(1);
    expect(await failedRow.getByRole('link', { name: 'Open the case' }).getAttribute('href')).toBe(
      `/cases/${c.id}`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'reminders');

    // Reschedule: the case page's reminder dialog, a new due date.
    await scheduled.getByRole('button', { name: 'Reschedule "Chase the branch secretary"' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the reminder' });
    await field(dialog, 'Due date').fill(day(9));
    await field(dialog, 'Due time').fill('11:15');
    await dialog.getByRole('button', { name: 'Save the reminder' }).click();
    await dialog.waitFor({ state: 'detached' });
    const moved = (await t.as.coordinator.get(`/api/reminders/${mine.id}`).expect(200)).body;
    expect(londonDate(new Date(moved.dueAt))).toBe(day(9));

    // Cancel: it leaves the scheduled list.
    await scheduled.getByRole('button', { name: 'Cancel "Ask for the minutes"' }).click();
    await scheduled
      .getByRole('cell', { name: 'Ask for the minutes', exact: true })
      .waitFor({ state: 'detached' });
    expect((await t.as.coordinator.get(`/api/reminders/${toCancel.id}`).expect(200)).body.status).toBe(
      'cancelled',
    );
  });
});
