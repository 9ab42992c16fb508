import type { Page } from 'playwright-core';
import { intake } from '../factories/case-payloads';
import type { TestApp } from '../helpers/test-app';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { day } from './days';
import { CasePage, field, pick } from './pages/case.page';
import { signInAs } from './pages/session';

/**
 * A coordinator may do on a case everything a caseworker may (record a note, lodge an appeal, upload
 * evidence) and also assign it: the case page offers all of it.
 */
describe('the case page (coordinator, in Chromium)', () => {
  const j = journey();
  let t: TestApp;
  let page: Page;
  let cp: CasePage;

  beforeAll(async () => {
    t = j.t;
    ({ page } = await j.newPage());
    await signInAs(page, t.users.coordinator.email);
    cp = new CasePage(page);
  });

  it('records a note and an appeal, and assigns the case to a caseworker', async () => {
    const c = await intake(t.as.caseworker, { actionDate: day(-12), notifiedAt: day(-10) });
    await cp.open(c.id);
    await cp.evidence().getByRole('button', { name: 'Choose files' }).waitFor();

    await cp.timeline().getByRole('button', { name: 'Add an event' }).click();
    const add = cp.dialog('Add an event');
    await pick(page, field(add, 'Type'), 'Note');
    await field(add, 'Date').fill(day(-1));
    await field(add, 'Title').fill('Called the member');
    await add.getByRole('button', { name: 'Add the event' }).click();
    await add.waitFor({ state: 'detached' });
    await cp.timeline().getByText('Called the member').waitFor();

    await cp.appeals().getByRole('button', { name: 'Record an appeal' }).click();
    const appeal = cp.dialog('Record an appeal');
    await field(appeal, 'Lodged on').fill(day(-2));
    await field(appeal, 'Appeal body').fill('National Constitutional Committee');
    await appeal.getByRole('button', { name: 'Record the appeal' }).click();
    await appeal.waitFor({ state: 'detached' });
    await cp
      .appeals()
      .getByRole('table', { name: 'Appeals' })
      .getByText('National Constitutional Committee')
      .waitFor();

    await page.getByRole('button', { name: 'Edit the case' }).click();
    const edit = cp.dialog('Edit the case');
    await pick(page, field(edit, 'Assignee'), 'Test caseworker');
    await pick(page, field(edit, 'Priority'), 'Urgent');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });

    const saved = await t.as.coordinator.get(`/api/cases/${c.id}`).expect(200);
    expect(saved.body).toMatchObject({ assigneeId: t.users.caseworker.id, priority: 'urgent' });
    const events = await t.as.coordinator.get(`/api/cases/${c.id}/timeline`).expect(200);
    expect(JSON.stringify(events.body)).toContain('Called the member');
    const appeals = await t.as.coordinator.get(`/api/cases/${c.id}/appeals`).expect(200);
    expect(appeals.body).toHaveLength(1);
    await screenshot(page, 'case-page-coordinator');
  });
});
