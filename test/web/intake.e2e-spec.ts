import type { Page } from 'playwright-core';
import { describedBy, isFocused, journey, screenshot, seriousA11yViolations } from './browser';
import { tabTo } from './pages/keyboard';
import { NewCasePage } from './pages/new-case.page';
import { signInAs } from './pages/session';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Journey: a caseworker logs a new case through the intake form. */
describe('web: intake', () => {
  const j = journey();
  let page: Page;

  beforeAll(async () => {
    // A member Caseline already knows.
    await j.t.as.caseworker
      .post('/api/cases')
      .send({
        member: { fullName: 'Margaret Holloway', membershipNumber: 'M-4242', email: 'margaret@example.org' },
        actionType: 'suspension',
        actionDate: daysAgo(40),
        notifiedAt: daysAgo(38),
      })
      .expect(201);
    await j.t.as.caseworker
      .post('/api/cases')
      .send({
        member: { fullName: "Margaret O'Brien", constituencyParty: 'Leeds Central CLP', region: 'Yorkshire' },
        actionType: 'expulsion',
        actionDate: daysAgo(30),
        notifiedAt: daysAgo(29),
      })
      .expect(201);
    ({ page } = await j.newPage());
    await signInAs(page, j.t.users.caseworker.email);
  });

  const caseCount = async () =>
    Number((await j.t.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cases'))[0].n);

  it('shows possible duplicates while typing, each server error beside its field and in a focused summary, then lands on the new case', async () => {
    const form = await new NewCasePage(page).open();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'intake');

    // Typing, not sending: the member the name may belong to appears (a small typo does not hide her).
    await form.field('Full name').pressSequentially('Margaret Holoway', { delay: 20 });
    await form.duplicates().getByText('Margaret Holloway').waitFor();
    expect(await form.duplicates().innerText()).toContain('M-4242');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'intake-duplicates');
    expect(await caseCount()).toBe(2);

    // A new person after all, with an email the server refuses.
    await form.field('Full name').fill('Peter Example');
    await form.fill({
      fullName: 'Peter Example',
      email: 'not-an-email',
      region: 'North West',
      constituencyParty: 'Leeds Central',
      actionType: 'Expulsion',
      actionDate: daysAgo(10),
      notifiedOn: daysAgo(9),
      summary: 'Expelled after a social media post.',
      tags: ['press'],
      assignee: 'Test caseworker',
    });
    await form.field('Allegations').fill('Bringing the party into disrepute\nBreach of rule 2.I.8');
    await form.submit().click();
    await form.errorSummary().waitFor();
    expect(await isFocused(form.errorSummary())).toBe(true);
    const links = await form.errorSummary().getByRole('link').allInnerTexts();
    expect(links).toEqual(['member.email must be an email address']);
    expect(await describedBy(form.field('Email'))).toContain('member.email must be an email address');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'intake-error');
    // The summary's link takes the keyboard to the field.
    await form.errorSummary().getByRole('link').first().click();
    expect(await isFocused(form.field('Email'))).toBe(true);
    expect(await caseCount()).toBe(2);

    await form.field('Email').fill('peter@example.org');
    await form.submit().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: /^Case CL-\d{4}-\d{4}$/ }).waitFor();
    // Nothing personal in the window's title.
    expect(await page.title()).toMatch(/^Case CL-\d{4}-\d{4} – Caseline$/);

    const created = (await j.t.as.caseworker.get(`/api/cases/${id}`).expect(200)).body;
    expect(created).toMatchObject({
      actionType: 'expulsion',
      actionDate: daysAgo(10),
      notifiedAt: daysAgo(9),
      summary: 'Expelled after a social media post.',
      allegations: ['Bringing the party into disrepute', 'Breach of rule 2.I.8'],
      tags: ['press'],
      assigneeId: j.t.users.caseworker.id,
      member: {
        fullName: 'Peter Example',
        email: 'peter@example.org',
        region: 'North West',
        constituencyParty: 'Leeds Central',
      },
    });
  });

  it('links the case to the member found while typing instead of creating a duplicate', async () => {
    const form = await new NewCasePage(page).open();
    await form.field('Membership number').pressSequentially('m-4242', { delay: 20 });
    await form.duplicates().getByRole('button', { name: 'Link to this member: Margaret Holloway' }).click();
    await page.getByText('This case is linked to the existing member').waitFor();
    await form.fill({ actionType: 'Suspension', actionDate: daysAgo(3), notifiedOn: daysAgo(2) });
    await form.submit().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const created = (await j.t.as.caseworker.get(`/api/cases/${page.url().split('/').pop()}`).expect(200))
      .body;
    expect(created.member.membershipNumber).toBe('M-4242');
    const [{ n }] = await j.t.db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM members WHERE membership_number = 'M-4242'",
    );
    expect(Number(n)).toBe(1);
  });

  it('says so when a membership number links a member stored under another name', async () => {
    const form = await new NewCasePage(page).open();
    await form.fill({
      fullName: 'Maggie Holloway',
      membershipNumber: 'M-4242',
      actionType: 'Suspension',
      actionDate: daysAgo(3),
      notifiedOn: daysAgo(2),
    });
    await form.submit().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const notice = page.getByRole('alert').filter({ hasText: 'The stored name was kept' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('stored: Margaret Holloway; given: Maggie Holloway');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await notice.getByRole('button').click();
  });

  it('shows "Margaret O\'Brien" while "Margaret OBrien" is typed, with why', async () => {
    const form = await new NewCasePage(page).open();
    await form.field('Full name').pressSequentially('Margaret OBrien', { delay: 20 });
    await form.duplicates().getByText("Margaret O'Brien").waitFor();
    expect(await form.duplicates().innerText()).toContain('same name');
    await form.field('Constituency party').fill('Leeds Central CLP');
    await form.duplicates().getByText('same name, same constituency party').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'intake-matches');
  });

  it('can be done by keyboard alone', async () => {
    await new NewCasePage(page).open();
    const kb = page.keyboard;
    await tabTo(page, 'Full name');
    await kb.type('Kay Board');
    await tabTo(page, 'Region');
    await kb.type('Wales');
    await tabTo(page, 'Consent to contact');
    await kb.press('Space');
    await tabTo(page, 'Action type');
    // The list opens with the arrow key; Enter takes the highlighted choice.
    await kb.press('ArrowDown');
    await page.getByRole('listbox').waitFor();
    await kb.press('ArrowDown');
    await kb.press('Enter');
    await tabTo(page, 'Action date');
    await kb.type(daysAgo(5));
    await tabTo(page, 'Notified on');
    await kb.type(daysAgo(4));
    await tabTo(page, 'Tags');
    await kb.type('keyboard');
    await kb.press('Enter');
    await tabTo(page, 'Create case');
    await kb.press('Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const created = (await j.t.as.caseworker.get(`/api/cases/${page.url().split('/').pop()}`).expect(200))
      .body;
    expect(created).toMatchObject({
      actionType: expect.any(String),
      actionDate: daysAgo(5),
      notifiedAt: daysAgo(4),
      tags: ['keyboard'],
      member: { fullName: 'Kay Board', region: 'Wales', consentToContact: true },
    });
  });

  it('reflows at 320 px with nothing scrolling sideways', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    const form = await new NewCasePage(page).open();
    await form.submit().click();
    await form.errorSummary().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
