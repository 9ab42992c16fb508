import type { Page } from 'playwright-core';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { MemberPage } from './pages/member.page';
import { signInAs } from './pages/session';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Journey: a caseworker finds the same person recorded twice and merges the two records. */
describe('web: merging members', () => {
  const j = journey();
  let page: Page;
  let kept: { memberId: string };
  let twin: { memberId: string; id: string };

  const intake = async (member: Record<string, string>) =>
    (
      await j.t.as.caseworker
        .post('/api/cases')
        .send({ member, actionType: 'suspension', actionDate: daysAgo(40), notifiedAt: daysAgo(38) })
        .expect(201)
    ).body;

  beforeAll(async () => {
    kept = await intake({
      fullName: "Margaret O'Brien",
      membershipNumber: 'MOB-77',
      constituencyParty: 'Leeds Central CLP',
    });
    twin = await intake({ fullName: 'Peggy OBrien', email: 'peggy@example.org', region: 'Yorkshire' });
    ({ page } = await j.newPage());
    await signInAs(page, j.t.users.caseworker.email);
  });

  it('merges from the member page: search, side-by-side comparison, reason, confirm; lands on the kept member', async () => {
    const member = await new MemberPage(page).open(twin.memberId);
    await member.chooseMemberToKeep('obrien', "Margaret O'Brien · MOB-77");
    const compared = await member.comparison().innerText();
    expect(compared).toContain('Peggy OBrien');
    expect(compared).toContain("Margaret O'Brien");
    expect(compared).toContain('MOB-77');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'member-merge');

    await member.confirm('Same person: the membership card matches');
    await page.waitForURL(`**/members/${kept.memberId}`);
    await page.getByText('Also known as').waitFor();
    expect(await page.getByRole('table', { name: 'Cases of this member' }).getByRole('link').count()).toBe(2);
    expect(await page.locator('main').innerText()).toContain('Peggy OBrien');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'member-merged');

    // The merged record's address now says where the person is.
    await page.goto(`/members/${twin.memberId}`);
    await page.getByText('This member was merged').waitFor();
    await page.getByRole('link', { name: 'go to the member kept' }).click();
    await page.waitForURL(`**/members/${kept.memberId}`);
  });
});
