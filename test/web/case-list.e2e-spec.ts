import type { BrowserContext, Page } from 'playwright-core';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { CaseListPage } from './pages/case-list.page';
import { signInAs } from './pages/session';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const TOTAL = 64;
const MINE = 12;
const GATHERING = 5;

/** Journey: the case list keeps filters, sort and page in the URL; back/forward and a shared link restore them. */
describe('web: case list', () => {
  const j = journey();
  let context: BrowserContext;
  let page: Page;
  let list: CaseListPage;

  beforeAll(async () => {
    for (let i = 0; i < TOTAL; i++) {
      // Appeal deadlines (notified + 28 days): some passed, some within a week, the rest later.
      const notified = i % 3 === 0 ? 30 : i % 3 === 1 ? 25 : 5;
      const res = await j.t.as.caseworker
        .post('/api/cases')
        .send({
          member: { fullName: `Member ${String(i).padStart(2, '0')}`, region: i % 2 ? 'North' : 'South' },
          actionType: i % 4 === 0 ? 'expulsion' : 'suspension',
          actionDate: daysAgo(notified + 2),
          notifiedAt: daysAgo(notified),
          ...(i < MINE ? { assigneeId: j.t.users.caseworker.id } : {}),
        })
        .expect(201);
      if (i >= TOTAL - GATHERING) {
        await j.t.as.caseworker
          .post(`/api/cases/${res.body.id}/transitions`)
          .send({ to: 'gathering_evidence' })
          .expect(201);
      }
    }
    ({ context, page } = await j.newPage());
    await signInAs(page, j.t.users.caseworker.email);
    list = new CaseListPage(page);
  });

  const search = () => new URL(page.url()).search;

  it('shows a caseworker their own cases first, marks deadlines in words, and passes axe', async () => {
    await list.open();
    expect(await list.rows().count()).toBe(MINE);
    expect(await list.status().innerText()).toBe(`Cases 1–${MINE} of ${MINE}`);
    const deadlines = await list.rows().locator('td:nth-child(5)').allInnerTexts();
    expect(deadlines.filter((d) => d.includes('Overdue'))).toHaveLength(4);
    expect(deadlines.filter((d) => d.includes('Due soon'))).toHaveLength(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'cases');
  });

  it('holds filters, sort and page in the URL, and back/forward restore each', async () => {
    await list.open();
    await list.chooseFilter('Assignee', 'Anyone');
    expect(search()).toBe('?assigneeId=all');
    expect(await list.status().innerText()).toBe(`Cases 1–50 of ${TOTAL}`);

    await list.sortBy('Reference');
    expect(search()).toBe('?assigneeId=all&sort=reference');
    const firstPage = await list.references();
    expect(firstPage).toEqual([...firstPage].sort());
    await list.goToPage(2);
    expect(search()).toBe('?assigneeId=all&sort=reference&page=2');
    const secondPage = await list.references();
    expect(secondPage).toHaveLength(TOTAL - 50);
    expect(secondPage[0] > firstPage[49]).toBe(true);

    await list.chooseFilter('Status', 'Gathering evidence');
    // A new filter starts again at page 1.
    expect(search()).toBe('?status=gathering_evidence&assigneeId=all&sort=reference');
    expect(await list.rows().count()).toBe(GATHERING);
    expect(await list.rows().locator('td:nth-child(4)').allInnerTexts()).toEqual(
      Array(GATHERING).fill('Gathering evidence'),
    );

    await page.goBack();
    await list.loaded();
    expect(search()).toBe('?assigneeId=all&sort=reference&page=2');
    expect(await list.references()).toEqual(secondPage);
    await page.goBack();
    await list.loaded();
    expect(search()).toBe('?assigneeId=all&sort=reference');
    expect(await list.references()).toEqual(firstPage);
    await page.goForward();
    await list.loaded();
    expect(await list.references()).toEqual(secondPage);

    await list.sortBy('Reference');
    expect(search()).toBe('?assigneeId=all&sort=-reference');
    expect(await list.references()).toEqual([...firstPage, ...secondPage].reverse().slice(0, 50));
  });

  it('restores everything from a shared link, the filter fields included', async () => {
    const link = `/cases?status=intake&actionType=expulsion&region=south&assigneeId=all&q=Member&sort=-reference&limit=25`;
    const other = await j.newPage();
    await signInAs(other.page, j.t.users.coordinator.email);
    const theirs = new CaseListPage(other.page);
    await theirs.open(link.slice('/cases'.length));
    // Expulsions (every 4th case) in the South (even ones), still in intake.
    const expected = Array.from({ length: TOTAL }, (_, i) => i).filter(
      (i) => i % 4 === 0 && i < TOTAL - GATHERING,
    );
    expect(await theirs.rows().count()).toBe(expected.length);
    // By the column's header, not its place: a coordinator's list starts with the bulk-select boxes.
    const headers = await other.page.getByRole('columnheader').allInnerTexts();
    const memberColumn = headers.findIndex((h) => h.trim() === 'Member') + 1;
    expect(memberColumn).toBeGreaterThan(0);
    expect(await theirs.rows().locator(`td:nth-child(${memberColumn})`).allInnerTexts()).toEqual(
      expected.map((i) => `Member ${String(i).padStart(2, '0')}`).reverse(),
    );
    expect(await theirs.filters().getByLabel('Search', { exact: true }).inputValue()).toBe('Member');
    expect(await theirs.filters().getByLabel('Region', { exact: true }).inputValue()).toBe('south');
    expect(await theirs.filters().getByText('Expulsion', { exact: true }).count()).toBe(1);
    expect(await other.page.getByRole('combobox', { name: 'Rows per page' }).inputValue()).toBe('25');
    await other.context.close();
  });

  it('reflows at 320 px: nothing but the table scrolls sideways', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await list.open('?assigneeId=all');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'cases-320px', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    void context;
  });
});
