import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { seedCase } from '../factories/seed';
import { seedTransition } from '../factories/timeline';
import type { RunningServer } from '../helpers/server';
import { startServer } from '../helpers/server';
import { journey, screenshot, seriousA11yViolations } from './browser';
import { AppLayout } from './pages/layout';
import { ExportsPage } from './pages/exports.page';
import { signInAs } from './pages/session';
import { StatsPage } from './pages/stats.page';

const ROOT = join(__dirname, '..', '..');

/** Members with names, e-mails and phones that appear nowhere else, created through the API by a caseworker. */
const PEOPLE = [
  { fullName: 'Oriel Vantablack', email: 'oriel.vantablack@example.org', phone: '07700 900411' },
  { fullName: 'Persephone Quillfeather', email: 'p.quillfeather@example.org', phone: '07700 900412' },
  { fullName: 'Thaddeus Marrowbone', email: 'thaddeus@marrowbone.example', phone: '07700 900413' },
  { fullName: 'Ysolde Grimsditch', email: 'ysolde.g@example.org', phone: '07700 900414' },
  { fullName: 'Casimir Wetherspoon', email: 'casimir.w@example.org', phone: '07700 900415' },
];
/** What must never reach a researcher's browser: each name, its parts, e-mails and phones. */
const SECRETS = PEOPLE.flatMap((p) => [
  p.fullName,
  ...p.fullName.split(' '),
  p.email,
  p.phone,
  p.phone.replace(/\s/g, ''),
]);

/** A finished case of a consenting member: notified on `notified`, decided `days` later. */
const DECIDED = [
  { region: 'North', actionType: 'suspension', notified: '2026-01-05', days: 30, to: 'reinstated' },
  { region: 'North', actionType: 'suspension', notified: '2026-01-20', days: 45, to: 'upheld' },
  { region: 'South', actionType: 'expulsion', notified: '2026-02-02', days: 60, to: 'upheld' },
  { region: 'South', actionType: 'expulsion', notified: '2026-03-10', days: 21, to: 'reinstated' },
];

const WORKER_OFF = { WORKER: 'off' };

/** The secrets in the page: its title, its whole markup (attributes included) and its text. */
async function secretsOnPage(page: Page): Promise<string[]> {
  const dom = await page.evaluate(
    () => `${document.title}\n${document.documentElement.outerHTML}\n${document.body.innerText}`,
  );
  return SECRETS.filter((s) => dom.includes(s));
}

/** The text a cell of the stats table should show for a value of the API (the contract's words for suppressed cells). */
function expectedCell(item: Record<string, unknown>, field: string, minCell: number): string {
  const reason = (item.withheld as Record<string, string>)[field];
  if (reason === 'complementary') return 'withheld';
  if (reason === 'small') {
    return field === 'medianDaysToDecision' ? `fewer than ${minCell} decisions` : `fewer than ${minCell}`;
  }
  const v = item[field];
  if (v === null || v === undefined) return '–';
  return (v as number).toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

const COLUMN_FIELDS: Record<string, string> = {
  Cases: 'cases',
  Open: 'open',
  Reinstated: 'reinstated',
  Upheld: 'upheld',
  Closed: 'closed',
  'Median days to decision': 'medianDaysToDecision',
};

/** Journey: a researcher's statistics and exports (pseudonymised, never a member's name), and a coordinator's named export. */
describe('web: research', () => {
  // The API runs no export jobs: the test starts a separate worker when it wants them run, so the
  // queued state is seen for certain before the export runs.
  const j = journey({ env: WORKER_OFF });
  let worker: RunningServer | undefined;
  const caseIds: string[] = [];
  const memberIds: string[] = [];

  beforeAll(async () => {
    for (const [i, p] of PEOPLE.entries()) {
      const res = await j.t.as.caseworker
        .post('/api/cases')
        .send({
          member: {
            ...p,
            region: i % 2 ? 'North' : 'South',
            // One member did not consent: a researcher sees nothing of theirs at all.
            consentToResearch: i !== 4,
          },
          actionType: i % 2 ? 'suspension' : 'expulsion',
          issuingBody: i < 3 ? 'National Executive' : 'Regional Board',
          actionDate: `2026-0${1 + (i % 3)}-0${2 + i}`,
          notifiedAt: `2026-0${1 + (i % 3)}-0${3 + i}`,
          summary: `${p.fullName} (${p.email}) was suspended`,
        })
        .expect(201);
      caseIds.push(res.body.id);
      memberIds.push(res.body.member.id);
      await j.t.as.caseworker
        .post(`/api/cases/${res.body.id}/events`)
        .send({
          type: 'note',
          occurredAt: `2026-0${1 + (i % 3)}-1${i}T10:00:00Z`,
          title: `Phoned ${p.fullName} on ${p.phone}`,
          description: `${p.fullName.split(' ')[0]} asked us to write to ${p.email}.`,
        })
        .expect(201);
    }
    for (const [i, d] of DECIDED.entries()) {
      const decidedOn = new Date(Date.parse(`${d.notified}T12:00:00Z`) + d.days * 86_400_000);
      const seeded = await seedCase(j.t.db, j.t.users.caseworker.id, {
        fullName: `Decided Member ${i}`,
        region: d.region,
        actionType: d.actionType,
        actionDate: d.notified,
        notifiedAt: d.notified,
        issuingBody: 'National Executive',
        status: d.to,
        consentToResearch: true,
      });
      await seedTransition(
        j.t.db,
        seeded.caseId,
        j.t.users.caseworker.id,
        'awaiting_decision',
        d.to,
        decidedOn,
      );
    }
  });

  afterAll(async () => {
    await worker?.stop();
  });

  const startWorker = async () => {
    worker ??= await startServer(
      { ...j.t.env, WORKER: 'on' },
      { script: join(ROOT, 'dist', 'worker.js'), readyPattern: /Caseline worker ready/ },
    );
  };

  async function compareWithApi(stats: StatsPage, filters: string) {
    await stats.loaded(filters);
    let compared = 0;
    for (const { id, groupBy } of StatsPage.TABLES) {
      const answer = (
        await j.t.as.researcher
          .get(`/api/stats/summary?groupBy=${groupBy}${filters ? `&${filters}` : ''}`)
          .expect(200)
      ).body;
      const api = answer.items as Record<string, unknown>[];
      expect(answer.minCell).toBe(5);
      const { headings, rows } = await stats.read(id);
      const fields = headings.slice(1).map((h) => COLUMN_FIELDS[h]);
      expect(fields.every(Boolean)).toBe(true);
      expect(rows.map((r) => r.key)).toEqual(api.map((item) => (item.key as string | null) ?? ''));
      rows.forEach((row, r) => {
        expect(row.cells).toEqual(fields.map((f) => expectedCell(api[r], f, answer.minCell)));
        compared += row.cells.length;
      });
    }
    return compared;
  }

  it('lands a researcher on /stats, whose tables hold the same numbers as the API, also when filtered', async () => {
    const { page } = await j.newPage();
    await signInAs(page, j.t.users.researcher.email);
    expect(new URL(page.url()).pathname).toBe('/stats');
    const stats = new StatsPage(page);

    // Unfiltered: 4 consenting members' open cases and 4 decided ones (the non-consenting one left
    // out), in groups of fewer than 5: a researcher sees them withheld, in words.
    expect(await compareWithApi(stats, '')).toBeGreaterThan(30);
    const perMonth = await stats.read('per-month');
    expect(perMonth.rows.length).toBeGreaterThan(1);
    expect(perMonth.rows.map((r) => r.cells[0])).toEqual(perMonth.rows.map(() => 'fewer than 5'));
    expect((await stats.read('median-days')).rows.map((r) => r.cells[1])).toContain('fewer than 5 decisions');
    await page.getByRole('cell', { name: 'fewer than 5', exact: true }).first().waitFor();
    await page.getByText('reads “fewer than 5”').waitFor();
    for (const title of ['Cases per month', 'Outcomes by region', 'Outcomes by action type']) {
      expect(await stats.chart(title).count()).toBe(1);
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'stats');

    // A typed filter goes into the URL when the form is sent; the tables answer it.
    await stats.filters().getByLabel('Region', { exact: true }).fill('North');
    await stats.filters().getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.search === '?region=North');
    expect(await compareWithApi(stats, 'region=North')).toBeGreaterThan(10);
    expect((await stats.read('by-region')).rows.map((r) => r.key)).toEqual(['North']);

    // A shared link restores the filters, the fields included.
    await stats.open('?actionType=expulsion&issuingBody=National%20Executive');
    expect(
      await compareWithApi(stats, 'actionType=expulsion&issuingBody=National+Executive'),
    ).toBeGreaterThan(5);
    expect(await stats.filters().getByLabel('Issuing body', { exact: true }).inputValue()).toBe(
      'National Executive',
    );
    await page.context().close();
  });

  it("runs a researcher's background export to completion with visible progress; the file's SHA-256 is the manifest's", async () => {
    const { page } = await j.newPage();
    await signInAs(page, j.t.users.researcher.email);
    await new AppLayout(page).nav().getByRole('link', { name: 'Exports' }).click();
    const exports = new ExportsPage(page);
    await exports.exportsSection().waitFor();

    // Pseudonymised, and the researcher cannot change it; the reason is said beside it.
    expect(await exports.pseudonymised().isChecked()).toBe(true);
    expect(await exports.pseudonymised().isDisabled()).toBe(true);
    await page.getByText('Researchers’ exports are always pseudonymised').waitFor();

    const id = await exports.start();
    await exports.waitForStatus(id, 'queued');
    expect((await exports.progress(exports.row(id)).innerText()).replace(/\s+/g, ' ')).toBe(
      'Queued 0 rows written',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await startWorker();
    // The page asks again by itself while the export is queued or running.
    await exports.waitForStatus(id, 'done');
    const manifest = (await j.t.as.researcher.get(`/api/exports/${id}`).expect(200)).body;
    expect(manifest).toMatchObject({ status: 'done', pseudonymised: true, format: 'csv' });
    const shown = await exports.manifest(id);
    expect(shown).toEqual({
      rows: String(manifest.rowCount),
      bytes: String(manifest.bytes),
      sha256: manifest.sha256,
    });
    expect(manifest.rowCount).toBeGreaterThan(4);
    await screenshot(page, 'exports');

    const download = await exports.download(id);
    const file = readFileSync((await download.path())!);
    expect(file.length).toBe(manifest.bytes);
    expect(createHash('sha256').update(file).digest('hex')).toBe(manifest.sha256);
    const text = file.toString('utf8');
    expect(text).toMatch(/M-[0-9a-f]{10}/);
    for (const secret of SECRETS) expect(text).not.toContain(secret);

    // The CSV's proofs file, beside it: the checkpoint line, then one proof per row, naming nobody.
    const proofs = readFileSync((await (await exports.proofs(id)).path())!, 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(proofs[0])).toMatchObject({ format: 'caseline-verifiable-export/2' });
    expect(proofs).toHaveLength(manifest.rowCount + 1);
    for (const secret of SECRETS) expect(proofs.join('\n')).not.toContain(secret);
    await exports.verifierHelp().getByText('npm run verify', { exact: false }).first().waitFor();
    await page.context().close();
  });

  it("never shows a researcher a member's name or contact details, on any page they can reach or in any API answer", async () => {
    const { page } = await j.newPage();
    const bodies: { url: string; body: string }[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (res: Response) => {
      if (!new URL(res.url()).pathname.startsWith('/api/')) return;
      pending.push(
        res
          .text()
          .then((body) => void bodies.push({ url: res.url(), body }))
          // A download's body is not kept by the page; its file is checked below.
          .catch(() => undefined),
      );
    });
    const found: string[] = [];

    await signInAs(page, j.t.users.researcher.email);
    const nav = new AppLayout(page).nav();
    await nav.getByRole('link', { name: 'Exports' }).waitFor();
    const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(links).toEqual(['/stats', '/exports', '/notifications']);
    // Every screen in the header, the account page, and the case and member pages typed in by hand
    // (the API refuses them; the page must not show anything it got).
    const visits = [
      ...links,
      '/account',
      '/cases',
      `/cases/${caseIds[0]}`,
      `/members/${memberIds[0]}`,
      '/stats?region=North',
      '/exports?format=json',
    ];
    for (const path of visits) {
      await page.goto(path);
      await page.locator('main').waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...(await secretsOnPage(page)).map((secret) => `${path}: ${secret}`));
    }
    // The streamed download is pseudonymised too.
    await page.goto('/exports?format=json');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      new ExportsPage(page).downloadNow().click(),
    ]);
    const streamed = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(streamed).manifest.pseudonymised).toBe(true);
    for (const s of SECRETS) if (streamed.includes(s)) found.push(`download now: ${s}`);

    await Promise.all(pending);
    for (const { url, body } of bodies) {
      for (const s of SECRETS) if (body.includes(s)) found.push(`${url}: ${s}`);
    }
    expect(found).toEqual([]);
    // The search looked at real answers: the statistics, the exports list and the session at least.
    const seen = bodies.map((b) => new URL(b.url).pathname);
    expect(seen).toEqual(expect.arrayContaining(['/api/stats/summary', '/api/exports', '/api/auth/session']));
    await page.context().close();
  });

  it('lets a coordinator choose a named export, whose file names the members', async () => {
    const { page } = await j.newPage();
    await signInAs(page, j.t.users.coordinator.email);
    const nav = new AppLayout(page).nav();
    await nav.getByRole('link', { name: 'Statistics' }).waitFor();
    // The search that found nothing for the researcher finds the names where they belong.
    await page.goto('/cases');
    await page.getByRole('cell', { name: PEOPLE[1].fullName }).waitFor();
    expect(await secretsOnPage(page)).toContain(PEOPLE[1].fullName);
    const exports = await new ExportsPage(page).open('?region=North');
    expect(await exports.pseudonymised().isDisabled()).toBe(false);
    expect(await exports.pseudonymised().isChecked()).toBe(true);
    // The choice goes into the URL, from which the box is drawn.
    await exports.pseudonymised().click();
    await page.waitForURL((url) => url.searchParams.get('pseudonymise') === 'false');
    await page.getByRole('checkbox', { name: 'Pseudonymised', checked: false }).waitFor();
    expect(await exports.downloadNow().getAttribute('href')).toBe(
      '/api/exports/timeline?format=csv&region=North&pseudonymise=false',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await startWorker();
    const id = await exports.start();
    await exports.waitForStatus(id, 'done');
    const manifest = (await j.t.as.coordinator.get(`/api/exports/${id}`).expect(200)).body;
    expect(manifest).toMatchObject({ pseudonymised: false, filters: { region: 'North' } });
    await exports.row(id).getByText('CSV (spreadsheet), named').waitFor();
    const file = readFileSync((await (await exports.download(id)).path())!);
    expect(createHash('sha256').update(file).digest('hex')).toBe(manifest.sha256);
    // North: the members at odd positions; a named export names them (the non-consenting one too).
    const text = file.toString('utf8');
    for (const i of [1, 3]) expect(text).toContain(PEOPLE[i].fullName);
    expect(text).not.toContain(PEOPLE[0].fullName);
    await screenshot(page, 'exports-coordinator');
    await page.context().close();
  });
});
