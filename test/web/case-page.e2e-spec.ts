import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { deadlineCountdown } from '../../web/src/cases/case-page';
import { intake } from '../factories/case-payloads';
import type { TestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';
import { describedBy, journey, screenshot, seriousA11yViolations } from './browser';
import { day } from './days';
import { CasePage, field, pick } from './pages/case.page';
import { signInAs } from './pages/session';
import { AppLayout } from './pages/layout';

describe('the case page (caseworker, in Chromium)', () => {
  const j = journey();
  let t: TestApp;
  let page: Page;
  let cp: CasePage;

  beforeAll(async () => {
    t = j.t;
    ({ page } = await j.newPage());
    await signInAs(page, t.users.caseworker.email);
    cp = new CasePage(page);
  });

  const newCase = (overrides: Record<string, unknown> = {}) =>
    intake(t.as.caseworker, { actionDate: day(-12), notifiedAt: day(-10), ...overrides });

  it('takes a case from intake to reinstated through every guard dialog', async () => {
    const c = await newCase({ assigneeId: t.users.caseworker.id });
    await cp.open(c.id);
    expect(await cp.heading().innerText()).toBe(`Case ${c.reference}`);
    // Nothing personal in the window's title.
    expect(await page.title()).toBe(`Case ${c.reference} – Caseline`);
    const member = page.getByRole('link', { name: c.member.fullName });
    expect(await member.getAttribute('href')).toBe(`/members/${c.memberId}`);
    await page.getByText(`(${deadlineCountdown(c.appealDeadline, day(0))})`).waitFor();
    await cp.waitForStatus('Intake');
    expect(await cp.nextSteps().getByRole('button').allInnerTexts()).toEqual([
      'Move to Gathering evidence',
      'Move to Appeal lodged',
      'Close the case',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'case-page');

    // → appeal_lodged: no pending appeal, so the dialog records one first.
    await cp.step('Move to Appeal lodged').click();
    const lodge = cp.dialog('Move to Appeal lodged');
    await lodge.getByText('This case has no pending appeal').waitFor();
    await field(lodge, 'Lodged on').fill(day(-3));
    await field(lodge, 'Appeal body').fill('National Constitutional Committee');
    await field(lodge, 'Grounds').fill('The notice gave no allegation.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'case-page-appeal-dialog', { fullPage: false });
    await lodge.getByRole('button', { name: 'Record the appeal and move to appeal lodged' }).click();
    await cp.waitForStatus('Appeal lodged');
    await lodge.waitFor({ state: 'detached' });
    await cp
      .appeals()
      .getByRole('row')
      .filter({ hasText: 'National Constitutional Committee' })
      .filter({ hasText: 'pending' })
      .waitFor();

    // → hearing_scheduled: without a hearing date the server's 422 is shown; with one the appeal gets it.
    await cp.step('Move to Hearing scheduled').click();
    const hearing = cp.dialog('Move to Hearing scheduled');
    await hearing.getByRole('button', { name: 'Move to Hearing scheduled' }).click();
    await hearing.getByRole('alert').filter({ hasText: "needs the pending appeal's hearing date" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Heard yesterday, so that today's decision comes after it (a decision cannot precede its hearing).
    await field(hearing, 'Hearing date').fill(day(-1));
    await field(hearing, 'Hearing time').fill('10:30');
    await hearing.getByRole('button', { name: 'Move to Hearing scheduled' }).click();
    await cp.waitForStatus('Hearing scheduled');
    const appeals = await t.as.caseworker.get(`/api/cases/${c.id}/appeals`).expect(200);
    // 10:30 on the hearing day where the user is (Europe/London).
    const at = new Date(appeals.body[0].hearingAt);
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at)).toBe(day(-1));
    expect(
      at.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }),
    ).toBe('10:30');

    // → awaiting_decision: nothing but an optional note.
    await cp.move('Move to Awaiting decision', async (d) => {
      expect(await d.getByRole('textbox').count()).toBe(1);
      await field(d, 'Note (optional)').fill('Heard; decision reserved.');
    });
    await cp.waitForStatus('Awaiting decision');

    // → reinstated: the decision date. One before the hearing is refused (422) and said beside it.
    await cp.step('Move to Reinstated').click();
    const decide = cp.dialog('Move to Reinstated');
    await field(decide, 'Decision date').fill(day(-2));
    await decide.getByRole('button', { name: 'Move to Reinstated' }).click();
    await decide.getByRole('alert').filter({ hasText: 'must not be before appeal.hearingAt' }).waitFor();
    await waitFor(
      async () => /Must not be before the hearing \(/.test(await describedBy(field(decide, 'Decision date'))),
      'the date conflict beside the decision date',
    );
    expect(await field(decide, 'Decision date').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'case-page-decision-before-hearing', { fullPage: false });
    await cp.waitForStatus('Awaiting decision');
    await field(decide, 'Decision date').fill(day(0));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await decide.getByRole('button', { name: 'Move to Reinstated' }).click();
    await cp.waitForStatus('Reinstated');
    await cp.nextSteps().getByText('No further step').waitFor();

    const history = cp.history().getByRole('table', { name: 'Status history' });
    await history.locator('tbody tr').nth(3).waitFor();
    expect(await history.locator('tbody tr td:nth-child(3)').allInnerTexts()).toEqual([
      'Appeal lodged',
      'Hearing scheduled',
      'Awaiting decision',
      'Reinstated',
    ]);
    const stored = await t.as.caseworker.get(`/api/cases/${c.id}/appeals`).expect(200);
    expect(stored.body[0]).toMatchObject({ outcome: 'allowed', decidedAt: day(0) });
    await screenshot(page, 'case-page-reinstated');
  });

  it('closes a case with a reason and reopens it with one', async () => {
    const c = await newCase();
    await cp.open(c.id);
    await cp.move('Close the case', async (d) => {
      await field(d, 'Reason').fill('The member asked us to stop.');
    });
    await cp.waitForStatus('Closed');
    await cp.move('Reopen the case', async (d) => {
      await field(d, 'Reason').fill('The member asked us to go on.');
    });
    await cp.waitForStatus('Gathering evidence');
    const rows = await t.as.caseworker.get(`/api/cases/${c.id}/transitions`).expect(200);
    expect(rows.body.map((r: { to: string; reason: string }) => [r.to, r.reason])).toEqual([
      ['closed', 'The member asked us to stop.'],
      ['gathering_evidence', 'The member asked us to go on.'],
    ]);
  });

  it('uploads three files at once, shows the refusal beside its file, downloads and verifies one', async () => {
    const c = await newCase();
    await cp.open(c.id);
    const note = Buffer.from('Letter from the regional office, 4 March.\n');
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    );
    const exe = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(62),
      Buffer.from('PE\0\0'),
      Buffer.alloc(200, 1),
    ]);
    const chooser = page.waitForEvent('filechooser');
    await cp.evidence().getByRole('button', { name: 'Choose files' }).click();
    await (
      await chooser
    ).setFiles([
      { name: 'letter.txt', mimeType: 'text/plain', buffer: note },
      { name: 'notice.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'tool.exe', mimeType: 'application/octet-stream', buffer: exe },
    ]);
    const uploads = cp.evidence().getByRole('list', { name: 'Uploads' });
    await uploads
      .getByRole('listitem', { name: 'tool.exe' })
      .getByRole('alert')
      .filter({ hasText: 'Type not accepted' })
      .waitFor();
    for (const name of ['letter.txt', 'notice.pdf']) {
      const item = uploads.getByRole('listitem', { name });
      await item.getByText('Uploaded').waitFor();
      expect(
        await item.getByRole('progressbar', { name: `Upload of ${name}` }).getAttribute('aria-valuenow'),
      ).toBe('100');
      expect(await item.getByRole('alert').count()).toBe(0);
    }
    await cp.evidence().getByRole('article', { name: 'notice.pdf' }).waitFor();
    expect(await cp.evidence().getByRole('article').count()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'case-page-evidence');

    // The same content again: 409 with a link to the file already there.
    const again = page.waitForEvent('filechooser');
    await cp.evidence().getByRole('button', { name: 'Choose files' }).click();
    await (await again).setFiles([{ name: 'letter-copy.txt', mimeType: 'text/plain', buffer: note }]);
    const dup = uploads.getByRole('listitem', { name: 'letter-copy.txt' });
    await dup.getByRole('alert').filter({ hasText: 'Already on this case' }).waitFor();
    const letter = cp.evidence().getByRole('article', { name: 'letter.txt' });
    expect(await dup.getByRole('link', { name: 'See the file already there' }).getAttribute('href')).toBe(
      `#${await letter.getAttribute('id')}`,
    );

    // Download: the bytes' SHA-256 is the one shown.
    const shown = (await letter.locator('code').first().innerText()).trim();
    const download = page.waitForEvent('download');
    await letter.getByRole('link', { name: 'Download letter.txt' }).click();
    const bytes = readFileSync((await (await download).path())!);
    expect(bytes.equals(note)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);

    await letter.getByRole('button', { name: 'Verify letter.txt' }).click();
    await letter.getByRole('status').filter({ hasText: "the stored file's SHA-256 matches" }).waitFor();
    await letter.getByRole('button', { name: 'Custody log of letter.txt' }).click();
    const custody = letter.getByRole('table', { name: 'Custody log of letter.txt' });
    await custody.getByRole('cell', { name: 'verified' }).waitFor();
    expect(await custody.locator('tbody tr td:nth-child(2)').allInnerTexts()).toEqual([
      'uploaded',
      'downloaded',
      'verified',
    ]);
  });

  it('adds a timeline event and corrects it: the original struck through and linked both ways', async () => {
    const c = await newCase();
    await cp.open(c.id);
    await cp.timeline().getByRole('button', { name: 'Add an event' }).click();
    const add = cp.dialog('Add an event');
    await pick(page, field(add, 'Type'), 'Meeting');
    await field(add, 'Date').fill(day(-2));
    await field(add, 'Title').fill('Meeting with the regional office');
    await field(add, 'Source').fill('Minutes');
    await add.getByRole('button', { name: 'Add the event' }).click();
    await add.waitFor({ state: 'detached' });

    await cp.timeline().getByRole('button', { name: 'Correct: Meeting with the regional office' }).click();
    const fix = cp.dialog('Correct an event');
    await field(fix, 'Title').fill('Meeting with the regional secretary');
    await fix.getByRole('button', { name: 'Save the correction' }).click();
    await fix.getByRole('alert').filter({ hasText: 'reason' }).waitFor();
    await field(fix, 'Reason for the correction').fill('Wrong attendee named');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await fix.getByRole('button', { name: 'Save the correction' }).click();
    await fix.waitFor({ state: 'detached' });

    const original = cp.timeline().locator('li.superseded');
    await original.waitFor();
    expect(await original.locator('del').innerText()).toContain('Meeting with the regional office');
    await original.getByText('superseded', { exact: true }).waitFor();
    const toCorrection = original.getByRole('link', {
      name: /the correction: Meeting with the regional secretary/,
    });
    const correctionId = (await toCorrection.getAttribute('href'))!.slice(1);
    const correction = page.locator(`[id="${correctionId}"]`);
    expect(await correction.locator('del').count()).toBe(0);
    const back = correction.getByRole('link', {
      name: /the earlier entry: Meeting with the regional office/,
    });
    expect(await back.getAttribute('href')).toBe(`#${await original.getAttribute('id')}`);
    await screenshot(page, 'case-page-timeline');
  });

  it('shows a stale edit’s 409 field by field and re-applies it on the new version', async () => {
    const c = await newCase({ summary: 'As taken in.' });
    await cp.open(c.id);
    await page.getByRole('button', { name: 'Edit the case' }).click();
    const edit = cp.dialog('Edit the case');
    // Assigning is the coordinator's: a caseworker's dialog does not offer it.
    for (const label of ['Assignee', 'Coordinator', 'Priority', 'Tags'])
      expect(await field(edit, label).count()).toBe(0);
    await field(edit, 'Summary').fill('Suspended over a retweet.');
    // Meanwhile a coordinator saves the case through the API with their own token.
    const other = await t.createUser('coordinator');
    await other.agent
      .patch(`/api/cases/${c.id}`)
      .send({ version: c.version, summary: 'Suspended over posts.', priority: 'urgent' })
      .expect(200);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    const stale = edit.getByRole('alert').filter({ hasText: 'Someone else changed this case meanwhile' });
    await stale.waitFor();
    const table = stale.getByRole('table', { name: 'What changed' });
    const row = (field: string) => table.getByRole('row', { name: new RegExp(`^${field}`) });
    expect(await row('Summary').locator('td').allInnerTexts()).toEqual([
      'Suspended over a retweet.',
      'Suspended over posts. (changed by someone else)',
    ]);
    expect(await row('Priority').locator('td').allInnerTexts()).toEqual([
      'not changed',
      'Urgent (changed by someone else)',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'case-page-stale-edit', { fullPage: false });
    await stale.getByRole('button', { name: 'Re-apply my changes' }).click();
    await edit.waitFor({ state: 'detached' });
    const saved = await t.as.caseworker.get(`/api/cases/${c.id}`).expect(200);
    expect(saved.body).toMatchObject({
      summary: 'Suspended over a retweet.',
      priority: 'urgent',
      version: c.version + 2,
    });
    await page.getByText('Suspended over a retweet.').waitFor();
  });

  it('adds, edits and cancels a reminder', async () => {
    const c = await newCase();
    await cp.open(c.id);
    await cp.reminders().getByRole('button', { name: 'Add a reminder' }).click();
    const add = cp.dialog('Add a reminder');
    await field(add, 'Due date').fill(day(3));
    await field(add, 'Message').fill('Chase the regional office');
    await add.getByRole('button', { name: 'Add the reminder' }).click();
    await add.waitFor({ state: 'detached' });
    await cp.reminders().getByRole('button', { name: 'Edit reminder: Chase the regional office' }).click();
    const edit = cp.dialog('Edit the reminder');
    await field(edit, 'Message').fill('Chase the regional secretary');
    await edit.getByRole('button', { name: 'Save the reminder' }).click();
    await edit.waitFor({ state: 'detached' });
    await cp
      .reminders()
      .getByRole('button', { name: 'Cancel reminder: Chase the regional secretary' })
      .click();
    await cp
      .reminders()
      .getByRole('row', { name: /Chase the regional secretary.*cancelled/ })
      .waitFor();
    const list = await t.as.caseworker.get(`/api/cases/${c.id}/reminders`).expect(200);
    const mine = list.body.items.filter((r: { automatic: boolean }) => !r.automatic);
    expect(mine).toMatchObject([{ message: 'Chase the regional secretary', status: 'cancelled' }]);
    expect(mine[0].dueAt.slice(0, 10)).toBe(day(3));
  });

  it('shows the member with all their cases, and the notifications with the header count', async () => {
    const first = await newCase();
    const second = await intake(t.as.caseworker, {
      actionDate: day(-5),
      notifiedAt: day(-4),
      memberId: first.memberId,
      member: undefined,
    });
    await cp.open(first.id);
    await page.getByRole('link', { name: first.member.fullName }).click();
    await page.waitForURL(`**/members/${first.memberId}`);
    await page.getByRole('heading', { name: 'Member', level: 1 }).waitFor();
    expect(await page.title()).toBe('Member – Caseline');
    const cases = page.getByRole('table', { name: 'Cases of this member' });
    for (const c of [first, second]) await cases.getByRole('link', { name: c.reference }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'member-page');

    // A reminder that fires at once leaves an in-app notification for the caseworker.
    const reminder = await t.as.caseworker
      .post(`/api/cases/${first.id}/reminders`)
      .send({
        dueAt: new Date(Date.now() + 1000).toISOString(),
        message: 'Hearing papers due',
        channels: ['inapp'],
        recipientIds: [t.users.caseworker.id],
      })
      .expect(201);
    await waitFor(async () => {
      const res = await t.as.caseworker.get('/api/notifications').expect(200);
      return res.body.items.some((n: { reminderId: string }) => n.reminderId === reminder.body.id);
    }, 'the notification');
    const layout = new AppLayout(page);
    await layout.notificationsLink().click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    // The header's count is read afresh on the way here: it shows the new notification.
    const before = await waitFor(async () => {
      const n = await layout.unreadCount();
      return n > 0 ? n : null;
    }, 'the header count to show the notification');
    const item = page.getByRole('listitem').filter({ hasText: 'Hearing papers due' });
    expect(await item.getByRole('link', { name: `Case ${first.reference}` }).getAttribute('href')).toBe(
      `/cases/${first.id}`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'notifications');
    await item.getByRole('button', { name: 'Mark as read: Hearing papers due' }).click();
    await item.getByRole('button').waitFor({ state: 'detached' });
    await waitFor(async () => (await layout.unreadCount()) === before - 1, 'the header count to drop');
  });
});
