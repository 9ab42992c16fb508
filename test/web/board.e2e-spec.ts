import type { Page, Request } from 'playwright-core';
import { intake } from '../factories/case-payloads';
import type { TestApp } from '../helpers/test-app';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { BoardPage } from './pages/board.page';
import { tabTo } from './pages/keyboard';
import { signInAs } from './pages/session';

describe('the board (coordinator, in Chromium)', () => {
  const j = journey();
  let t: TestApp;
  let page: Page;
  let board: BoardPage;
  const transitionPosts: string[] = [];

  beforeAll(async () => {
    t = j.t;
    ({ page } = await j.newPage());
    page.on('request', (r: Request) => {
      if (r.method() === 'POST' && /\/api\/cases\/[^/]+\/transitions$/.test(new URL(r.url()).pathname))
        transitionPosts.push(r.url());
    });
    await signInAs(page, t.users.coordinator.email);
    board = new BoardPage(page);
  });

  const statusOf = async (id: string) =>
    (await t.as.coordinator.get(`/api/cases/${id}`).expect(200)).body.status;

  it('shows a card per case in its status column, final columns collapsed, and passes axe', async () => {
    const a = await intake(t.as.caseworker, { priority: 'urgent', assigneeId: t.users.caseworker.id });
    const b = await intake(t.as.caseworker, { tags: ['press'] });
    await board.open();
    const card = board.cardIn('Intake', a.reference);
    await card.waitFor();
    expect(await card.innerText()).toContain(a.member.fullName);
    expect(await card.innerText()).toContain('Priority: Urgent');
    await board.cardIn('Intake', b.reference).waitFor();
    expect(
      await board
        .column('Closed')
        .getByRole('button', { name: 'Show closed cases' })
        .getAttribute('aria-expanded'),
    ).toBe('false');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'board', { fullPage: false });

    // Filters live in the URL: priority and tag.
    await board.open('?tag=press');
    await board.cardIn('Intake', b.reference).waitFor();
    expect(await board.card(a.reference).count()).toBe(0);
    await board.open('?priority=urgent');
    await board.cardIn('Intake', a.reference).waitFor();
    expect(await board.card(b.reference).count()).toBe(0);
  });

  it('moves a card by keyboard alone through the guard dialog', async () => {
    const c = await intake(t.as.caseworker);
    await t.as.caseworker
      .post(`/api/cases/${c.id}/appeals`)
      .send({ lodgedAt: c.notifiedAt, body: 'National Constitutional Committee' })
      .expect(201);
    await board.open();
    await board.cardIn('Intake', c.reference).waitFor();
    await tabTo(page, `Drag ${c.reference}`, 200);
    // Each key waits for what a screen reader hears (dnd-kit's live region) before the next.
    const heard = (text: string) => page.getByText(text, { exact: true }).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await heard('Over Intake.');
    await page.keyboard.press('ArrowRight');
    await heard('Over Gathering evidence.');
    await page.keyboard.press('ArrowRight');
    await heard('Over Appeal lodged.');
    await page.keyboard.press('Space');
    const dialog = board.dialog('Move to Appeal lodged');
    await dialog.getByText('The pending appeal: lodged with National Constitutional Committee').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'board-move-dialog', { fullPage: false });
    await tabTo(page, 'Move to Appeal lodged');
    await page.keyboard.press('Enter');
    await board.cardIn('Appeal lodged', c.reference).waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await statusOf(c.id)).toBe('appeal_lodged');

    // The card's menu, by keyboard: it lists only the moves the server allows.
    await board.menu(c.reference).focus();
    await page.keyboard.press('Enter');
    const items = page.getByRole('menuitem');
    await items.first().waitFor();
    expect(await items.allInnerTexts()).toEqual([
      'Move to Hearing scheduled',
      'Move to Awaiting decision',
      'Close the case',
    ]);
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    for (let i = 0; i < 4 && (await focused()) !== 'Move to Awaiting decision'; i++)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await board.cardIn('Awaiting decision', c.reference).waitFor();
    expect(await statusOf(c.id)).toBe('awaiting_decision');
  });

  it('refuses a drag to a column the case cannot move to, without a request', async () => {
    const c = await intake(t.as.caseworker);
    await board.open();
    const handle = board.handle(c.reference);
    await handle.waitFor();
    const from = (await handle.boundingBox())!;
    const to = (await board.column('Awaiting decision').boundingBox())!;
    transitionPosts.length = 0;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 10 });
    await page.mouse.up();
    await page
      .getByRole('alert')
      .filter({ hasText: `${c.reference} cannot go from Intake to Awaiting decision` })
      .waitFor();
    await page.waitForLoadState('networkidle');
    expect(transitionPosts).toEqual([]);
    await board.cardIn('Intake', c.reference).waitFor();
    expect(await statusOf(c.id)).toBe('intake');

    // A drag to an allowed column that needs nothing moves at once.
    await page.getByRole('button', { name: 'Dismiss' }).click();
    const to2 = (await board.column('Gathering evidence').boundingBox())!;
    const from2 = (await handle.boundingBox())!;
    await page.mouse.move(from2.x + from2.width / 2, from2.y + from2.height / 2);
    await page.mouse.down();
    await page.mouse.move(from2.x + 30, from2.y + 10, { steps: 5 });
    await page.mouse.move(to2.x + to2.width / 2, to2.y + 60, { steps: 10 });
    await page.mouse.up();
    await board.cardIn('Gathering evidence', c.reference).waitFor();
    expect(transitionPosts).toHaveLength(1);
    await page.waitForLoadState('networkidle');
    expect(await statusOf(c.id)).toBe('gathering_evidence');
  });

  it('shows the 409 when someone else moved the case first, and the card goes back', async () => {
    const c = await intake(t.as.caseworker);
    await board.open();
    await board.cardIn('Intake', c.reference).waitFor();
    // Another user closes it while this board still shows it in Intake.
    await t.as.caseworker
      .post(`/api/cases/${c.id}/transitions`)
      .send({ to: 'closed', version: c.version, reason: 'Withdrawn by the member' })
      .expect(201);
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/cases/${c.id}/transitions`));
    await board.menu(c.reference).click();
    await page.getByRole('menuitem', { name: 'Move to Gathering evidence' }).click();
    expect((await answer).status()).toBe(409);
    const alert = board.alert().filter({ hasText: `${c.reference} was not moved` });
    await alert.getByText(/Someone else changed it in the meantime \(409\)/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'board-409', { fullPage: false });
    // Not left where it was dropped: it goes where the case is now (closed).
    await board.card(c.reference).waitFor({ state: 'detached' });
    await board.column('Closed').getByRole('button', { name: 'Show closed cases' }).click();
    await board.cardIn('Closed', c.reference).waitFor();
    expect(await board.cardIn('Gathering evidence', c.reference).count()).toBe(0);
  });
});
