import * as ical from 'node-ical';
import type { Page } from 'playwright-core';
import { intake } from '../factories/case-payloads';
import type { TestApp } from '../helpers/test-app';
import { day } from './days';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { signInAs } from './pages/session';

describe('deadlines and the calendar (coordinator, in Chromium)', () => {
  const j = journey();
  let t: TestApp;
  let page: Page;
  let hearingCase: { id: string; reference: string };
  const hearingDay = day(3);

  beforeAll(async () => {
    t = j.t;
    ({ page } = await j.newPage());
    await signInAs(page, t.users.coordinator.email);
    // A case of the coordinator's with a hearing in three days, 14:30 London time.
    const c = await intake(t.as.coordinator, {
      actionDate: day(-12),
      notifiedAt: day(-10),
      coordinatorId: t.users.coordinator.id,
    });
    const hearingAt = new Date(`${hearingDay}T14:30:00${londonOffset(hearingDay)}`).toISOString();
    await t.as.coordinator
      .post(`/api/cases/${c.id}/appeals`)
      .send({ lodgedAt: day(-2), body: 'National Constitutional Committee', hearingAt })
      .expect(201);
    await t.as.coordinator
      .post(`/api/cases/${c.id}/transitions`)
      .send({ to: 'appeal_lodged', version: c.version })
      .expect(201);
    await t.as.coordinator
      .post(`/api/cases/${c.id}/transitions`)
      .send({ to: 'hearing_scheduled', version: c.version + 1 })
      .expect(201);
    hearingCase = c;
  });

  it('lists the hearing under this week, linked to its case', async () => {
    await page.goto('/deadlines');
    const week = page.getByRole('region', { name: /^This week/ });
    const link = week.getByRole('link', { name: new RegExp(`^Hearing .* 14:30: ${hearingCase.reference}$`) });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/cases/${hearingCase.id}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'deadlines', { fullPage: false });
  });

  it('shows the hearing on its day of the month, and the subscribe link gives a feed linking to the case', async () => {
    await page.goto(`/calendar?month=${hearingDay.slice(0, 7)}`);
    const cell = page.locator(`td[data-date="${hearingDay}"]`);
    await cell.getByRole('link', { name: `Hearing 14:30: ${hearingCase.reference}` }).waitFor();
    expect(
      await page
        .locator('td[data-date]')
        .getByRole('link', { name: new RegExp(hearingCase.reference) })
        .count(),
    ).toBe(1);

    await page.getByRole('button', { name: 'Subscribe: show my calendar link' }).click();
    const input = page.getByRole('textbox', { name: 'Your calendar link' });
    await input.waitFor();
    await page.getByText('Getting a new link stops this one working').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'calendar');
    const url = new URL(await input.inputValue());
    const base = url.href.slice(0, url.href.indexOf('/api/calendar.ics'));
    const ics = await t.http().get(`${url.pathname}${url.search}`).expect(200);
    const events = Object.values(ical.sync.parseICS(ics.text)).filter((e) => e.type === 'VEVENT');
    const hearing = events.find(
      (e) =>
        e.type === 'VEVENT' &&
        e.uid.startsWith('hearing-') &&
        String(e.summary).startsWith(hearingCase.reference),
    );
    expect(hearing).toBeDefined();
    // node-ical gives a URI property as { params, val }.
    const link = (hearing as unknown as { url: string | { val: string } }).url;
    expect(typeof link === 'string' ? link : link.val).toBe(`${base}/cases/${hearingCase.id}`);

    // A new link: the old one stops working.
    await page.getByRole('button', { name: 'Get a new link (the old one stops working)' }).click();
    await page.waitForFunction(
      (old) => (document.querySelector('input[readonly]') as HTMLInputElement)?.value !== old,
      url.href,
    );
    await t.http().get(`${url.pathname}${url.search}`).expect(401);
  });
});

/** "+00:00" or "+01:00": London's offset on that day. */
function londonOffset(date: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(
      noon,
    ),
  );
  return `+${String(hour - 12).padStart(2, '0')}:00`;
}
