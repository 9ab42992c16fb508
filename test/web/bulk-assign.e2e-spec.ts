import type { Page } from 'playwright-core';
import { intake } from '../factories/case-payloads';
import type { TestApp } from '../helpers/test-app';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { field, pick } from './pages/case.page';
import { signInAs } from './pages/session';

describe('assigning cases in bulk from the list (coordinator, in Chromium)', () => {
  const j = journey();
  let t: TestApp;
  let page: Page;

  beforeAll(async () => {
    t = j.t;
    ({ page } = await j.newPage());
    await signInAs(page, t.users.coordinator.email);
  });

  it('assigns a coordinator to three cases, reporting the one someone else changed in the meantime', async () => {
    const region = `Bulk ${Date.now()}`;
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await intake(t.as.caseworker, {}, { region }));
    await page.goto(`/cases?region=${encodeURIComponent(region)}`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: cases[2].reference }).waitFor();

    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    for (const c of cases)
      expect(await page.getByRole('checkbox', { name: `Select ${c.reference}` }).isChecked()).toBe(true);
    const bar = page.getByRole('region', { name: 'Change the selected cases' });
    await bar.getByText('3 selected').waitFor();

    // Someone else edits the second case after this page read it: its version here is stale.
    const stale = cases[1];
    await t.as.coordinator
      .patch(`/api/cases/${stale.id}`)
      .send({ version: stale.version, priority: 'high' })
      .expect(200);

    await pick(page, field(bar, 'Change'), 'Assign coordinator');
    await pick(page, field(bar, 'Coordinator'), 'Test coordinator');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await bar.getByRole('button', { name: 'Apply to 3 cases' }).click();
    const result = page.getByRole('alert').filter({ hasText: '2 of 3 changed' });
    await result.waitFor();
    // In the list's order (most recently updated first), so compared sorted.
    const lines = (await result.getByRole('listitem').allInnerTexts()).sort();
    expect(lines).toEqual(
      [
        `${cases[0].reference}: changed`,
        `${stale.reference}: changed by someone else in the meantime (409); open it, check and try again`,
        `${cases[2].reference}: changed`,
      ].sort(),
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'cases-bulk-assign', { fullPage: false });

    for (const c of cases) {
      const now = (await t.as.coordinator.get(`/api/cases/${c.id}`).expect(200)).body;
      expect(now.coordinatorId).toBe(c === stale ? stale.coordinatorId : t.users.coordinator.id);
    }
    // Only the case that was not changed stays selected, for another try.
    expect(await page.getByRole('checkbox', { name: `Select ${stale.reference}` }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: `Select ${cases[0].reference}` }).isChecked()).toBe(
      false,
    );
    // Each change is in the audit trail.
    const [row] = await t.db.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM audit_entries WHERE entity_id IN (?, ?) AND action = 'case.update'",
      [cases[0].id, cases[2].id],
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(2);
  });
});
