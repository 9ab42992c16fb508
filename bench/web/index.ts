import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage } from '../../test/web/browser';
import { AdminAuditPage } from '../../test/web/pages/admin.page';
import { BoardPage } from '../../test/web/pages/board.page';
import { CaseListPage } from '../../test/web/pages/case-list.page';
import { LoginPage } from '../../test/web/pages/login.page';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  App,
  createStaff,
  removeDir,
  report,
  runBench,
  tempDir,
} from '../intake/support';
import { seededApp } from '../search/bulk-seed';
import { seedAudit } from './audit-seed';

/**
 * bench/web: the web app in headless Chromium (as the browser journeys launch it) against the built
 * server with 100,000 bulk-seeded cases, signed in through the sign-in page as a coordinator:
 * - the case list: navigation to /cases until its first rows are visible, against the same
 *   GET /api/cases the page makes, timed alone from Node (median of 10 each);
 * - what a first visit to /login and to /cases/:id loads of JavaScript and CSS, as transferred
 *   (compressed as the server sends it), against the same files uncompressed;
 * - the admin's audit page over 100,000 audit entries: navigation until its first rows are visible,
 *   against the GET /api/audit it makes, timed alone;
 * - on a second database with 2,000 open cases, the coordinator's board: navigation (from an idle
 *   server) until the first cards are visible, against the GET /api/cases pages it makes, timed alone; and a keyboard move
 *   (Space, ArrowRight, Space on a card's handle: Intake to Gathering evidence, no guard) from the
 *   last key press until the card is settled in its new column with the server's answer, against
 *   the same POST /api/cases/:id/transitions timed alone.
 */
const CASES = Number(process.env.BENCH_WEB_CASES ?? 100_000);
const RUNS = 10;
const LIST_TARGET = { atMost: 1000 } as const;
const MOVE_TARGET = { atMost: 300 } as const;
const AUDIT_ENTRIES = Number(process.env.BENCH_WEB_AUDIT ?? 100_000);
/** Demo cases cycle through the nine statuses, seven of them open: 2,570 of them hold 2,000 open ones. */
const BOARD_CASES = Number(process.env.BENCH_WEB_BOARD_CASES ?? 2_570);
const BYTES_TARGET = { atMost: 300 } as const;
/** BENCH_WEB_DIR (or BENCH_SEARCH_DIR, same database): seed into this folder and keep it, or reuse it. */
const KEEP_DIR = process.env.BENCH_WEB_DIR ?? process.env.BENCH_SEARCH_DIR;
const KEEP_BOARD_DIR = process.env.BENCH_WEB_BOARD_DIR;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

interface Loaded {
  url: string;
  encoding: string;
  transferred: number;
  decoded: number;
}

/** Every script and stylesheet the page loads from here on: body bytes as transferred and decoded. */
function recordAssets(page: Page): { done(): Promise<Loaded[]> } {
  const pending: Promise<Loaded>[] = [];
  page.on('response', (res) => {
    const type = res.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      (async () => ({
        url: new URL(res.url()).pathname,
        encoding: (await res.headerValue('content-encoding')) ?? 'identity',
        transferred: (await res.request().sizes()).responseBodySize,
        decoded: (await res.body()).length,
      }))(),
    );
  });
  return { done: () => Promise.all(pending) };
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * Opens `path` in a fresh profile (empty cache) and lists the JS and CSS it loaded once it is ready.
 * `acceptEncoding` replaces the browser's own header (gzip alone: the figure the target names).
 */
async function firstVisit(
  browser: Browser,
  url: string,
  path: string,
  ready: (page: Page) => Promise<void>,
  { storageState, acceptEncoding }: { storageState?: StorageState; acceptEncoding?: string } = {},
): Promise<Loaded[]> {
  const context = await browser.newContext({
    baseURL: url,
    storageState,
    extraHTTPHeaders: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : undefined,
  });
  const page = await context.newPage();
  const assets = recordAssets(page);
  await page.goto(path);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const loaded = await assets.done();
  await context.close();
  return loaded;
}

const sum = (loaded: Loaded[], size: 'transferred' | 'decoded') => loaded.reduce((n, a) => n + a[size], 0);
const encodings = (loaded: Loaded[]) => [...new Set(loaded.map((a) => a.encoding))].join(', ');

/**
 * The figure: the page's JS and CSS as transferred gzipped (the target's measure); raw: the same files
 * uncompressed. For information, what the browser's own Accept-Encoding got (brotli over it).
 */
function reportAssets(name: string, gzipped: Loaded[], asBrowserAsks: Loaded[]): boolean {
  const largest = [...gzipped].sort((a, b) => b.decoded - a.decoded)[0];
  process.stdout.write(
    `  ${name}: ${gzipped.length} files (${encodings(gzipped)}); largest ${largest.url} ` +
      `${kb(largest.transferred)} KB gzipped, ${kb(largest.decoded)} KB uncompressed; ` +
      `as Chromium asks (${encodings(asBrowserAsks)}): ${kb(sum(asBrowserAsks, 'transferred'))} KB\n`,
  );
  return report(
    `${name}.js+css`,
    kb(sum(gzipped, 'transferred')),
    'KB',
    kb(sum(gzipped, 'decoded')),
    BYTES_TARGET,
  );
}

/** Median time of `times` runs of `fn` (each awaited to the end; `before` each run, untimed). */
async function timed(times: number, fn: () => Promise<void>, before?: () => Promise<void>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    await before?.();
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

/** GET `path` as the signed-in browser would (its cookie), failing on anything but 200. */
async function apiGet(url: string, path: string, cookie: string): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

const cookieOf = async (context: BrowserContext) =>
  (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

/** Every GET /api/... path the page requests from now on. */
function recordApiGets(page: Page, pathname: string): string[] {
  const paths: string[] = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (req.method() === 'GET' && u.pathname === pathname) paths.push(u.pathname + u.search);
  });
  return paths;
}

/** (a) the case list, (b) the sign-in page's and (c) the case page's bytes, (d) the audit page. */
async function onTheLargeDatabase(browser: Browser, app: App): Promise<boolean[]> {
  const { email, password } = await createStaff(app, 'coordinator');

  // (b) The sign-in page, first visit.
  const loginReady = (page: Page) => new LoginPage(page).signInButton().waitFor();
  const login = await firstVisit(browser, app.url, '/login', loginReady, { acceptEncoding: 'gzip' });
  const loginAsAsked = await firstVisit(browser, app.url, '/login', loginReady);

  // Sign in through the sign-in page; the profile keeps the session cookie (and the cached assets).
  const { context, page } = await newPage(browser, app.url);
  await (await new LoginPage(page).open()).signIn(email, password);
  await page.waitForURL(/\/cases/);
  const list = new CaseListPage(page);
  await list.loaded();
  const firstRow = list.rows().first();
  const caseHref = await firstRow.getByRole('link').first().getAttribute('href');

  // (a) Navigation to /cases until the first rows are visible; the API call the page makes.
  const listCalls = recordApiGets(page, '/api/cases');
  const blank = (p: Page) => async () => void (await p.goto('about:blank'));
  const listPage = await timed(
    RUNS,
    async () => {
      await page.goto('/cases', { waitUntil: 'commit' });
      await firstRow.waitFor({ state: 'visible' });
    },
    blank(page),
  );
  const apiPath = listCalls[listCalls.length - 1];
  const cookie = await cookieOf(context);
  const listApi = await timed(RUNS, async () => void (await apiGet(app.url, apiPath, cookie)));
  const { total } = (await apiGet(app.url, apiPath, cookie)) as { total: number };
  process.stdout.write(`  ${apiPath}: ${total} cases in all, first page shown\n`);

  // (c) The case page, first visit (empty cache) of a signed-in user.
  const state = await context.storageState();
  await context.close();
  const caseReady = (p: Page) => p.getByRole('heading', { level: 1 }).waitFor();
  const casePage = await firstVisit(browser, app.url, caseHref!, caseReady, {
    storageState: state,
    acceptEncoding: 'gzip',
  });
  const casePageAsAsked = await firstVisit(browser, app.url, caseHref!, caseReady, { storageState: state });

  // (d) The audit page, signed in as the admin, over the seeded audit entries.
  const admin = await newPage(browser, app.url);
  await (await new LoginPage(admin.page).open()).signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const audit = new AdminAuditPage(admin.page);
  const auditCalls = recordApiGets(admin.page, '/api/audit');
  const firstEntry = audit.entries().locator('tbody tr').first();
  const auditPage = await timed(
    RUNS,
    async () => {
      await admin.page.goto('/admin/audit', { waitUntil: 'commit' });
      await firstEntry.waitFor({ state: 'visible' });
    },
    blank(admin.page),
  );
  const adminCookie = await cookieOf(admin.context);
  const auditPath = auditCalls[auditCalls.length - 1];
  const auditApi = await timed(RUNS, async () => void (await apiGet(app.url, auditPath, adminCookie)));
  process.stdout.write(`  ${auditPath}: ${(await audit.summary().innerText()).trim()}\n`);
  await admin.context.close();

  return [
    report('web.case-list.first-rows.median', listPage, 'ms', listApi, LIST_TARGET),
    reportAssets('web.login', login, loginAsAsked),
    reportAssets('web.case-page', casePage, casePageAsAsked),
    report('web.audit.first-rows.median', auditPage, 'ms', auditApi, LIST_TARGET),
  ];
}

/** For a look at where a navigation's time goes: each request's start and end, and the first card. */
async function traceNavigation(page: Page, path: string, ready: ReturnType<Page['locator']>) {
  await page.goto('about:blank');
  const t0 = performance.now();
  const at = () => (performance.now() - t0).toFixed(0);
  const onRequest = (r: { url(): string }) =>
    process.stdout.write(`    ${at()} ms → ${new URL(r.url()).pathname}\n`);
  const onFinished = (r: { url(): string }) =>
    process.stdout.write(`    ${at()} ms ← ${new URL(r.url()).pathname}\n`);
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  await page.goto(path, { waitUntil: 'commit' });
  await ready.waitFor({ state: 'visible' });
  process.stdout.write(`    ${at()} ms: first card visible\n`);
  page.off('request', onRequest);
  page.off('requestfinished', onFinished);
}

/** (e) The board with 2,000 open cases, (f) a keyboard move on it. */
async function onTheBoard(browser: Browser, app: App): Promise<boolean[]> {
  const { email, password } = await createStaff(app, 'coordinator');
  const { context, page } = await newPage(browser, app.url);
  await (await new LoginPage(page).open()).signIn(email, password);
  await page.waitForURL(/\/cases/);
  const board = new BoardPage(page);
  const boardCalls = recordApiGets(page, '/api/cases');
  const firstCard = page.locator('[data-case]').first();
  const boardPage = await timed(
    RUNS,
    async () => {
      await page.goto('/board', { waitUntil: 'commit' });
      await firstCard.waitFor({ state: 'visible' });
    },
    async () => {
      // Each run starts on an idle server: the previous run's other pages, still being answered
      // when it ended at its first card, would otherwise queue in front of this run's first page.
      await page.waitForLoadState('networkidle');
      await page.goto('about:blank');
      boardCalls.length = 0;
    },
  );
  await page.waitForLoadState('networkidle');
  const calls = [...boardCalls];
  if (process.env.BENCH_WEB_TRACE) await traceNavigation(page, '/board', firstCard);
  const cookie = await cookieOf(context);
  // The same requests as the page: the first page, then the others at once.
  const boardApi = await timed(RUNS, async () => {
    await apiGet(app.url, calls[0], cookie);
    await Promise.all(calls.slice(1).map((path) => apiGet(app.url, path, cookie)));
  });
  const open = ((await apiGet(app.url, calls[0], cookie)) as { total: number }).total;
  process.stdout.write(`  /board: ${open} open cases, ${calls.length} requests of GET /api/cases\n`);

  // Keyboard moves: Intake → Gathering evidence (no guard), one card after another.
  await board.open();
  await board
    .column('Intake')
    .locator('[data-case]')
    .nth(RUNS * 2 - 1)
    .waitFor();
  const intakeCards = await board
    .column('Intake')
    .locator('[data-case]')
    .evaluateAll((cards, n) => cards.slice(0, n).map((c) => c.getAttribute('data-case')!), RUNS * 2);
  const moves: number[] = [];
  let posted: { id: string; version: number } | undefined;
  page.on('request', (req) => {
    const m = /\/api\/cases\/([^/]+)\/transitions$/.exec(new URL(req.url()).pathname);
    if (req.method() === 'POST' && m)
      posted = { id: m[1], version: JSON.parse(req.postData() ?? '{}').version };
  });
  for (const reference of intakeCards.slice(0, RUNS)) {
    await board.handle(reference).focus();
    await page.keyboard.press('Space');
    await page.getByText('Over Intake.', { exact: true }).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('Over Gathering evidence.', { exact: true }).waitFor({ state: 'attached' });
    const sent = page.waitForRequest((r) => /\/transitions$/.test(r.url()) && r.method() === 'POST');
    const answered = page.waitForResponse(
      (r) => /\/transitions$/.test(r.url()) && r.request().method() === 'POST',
    );
    const started = performance.now();
    await page.keyboard.press('Space');
    await sent;
    const sentAt = performance.now() - started;
    const res = await answered;
    const answeredAt = performance.now() - started;
    await board.cardIn('Gathering evidence', reference).waitFor();
    moves.push(performance.now() - started);
    if (process.env.BENCH_WEB_TRACE)
      process.stdout.write(
        `  move ${reference}: sent ${sentAt.toFixed(0)} ms, answered ${answeredAt.toFixed(0)} ms, settled ${moves[moves.length - 1].toFixed(0)} ms\n`,
      );
    if (res.status() !== 201 && res.status() !== 200)
      throw new Error(`move of ${reference}: ${res.status()}`);
  }
  // The same move, timed alone: cases still in Intake, as the board sent it (its body shape).
  const moveApi: number[] = [];
  const csrf = ((await apiGet(app.url, '/api/auth/session', cookie)) as { csrfToken: string }).csrfToken;
  for (const reference of intakeCards.slice(RUNS, RUNS * 2)) {
    const found = (await apiGet(app.url, `/api/cases?q=${reference}`, cookie)) as {
      items: { id: string; version: number }[];
    };
    const { id, version } = found.items[0];
    const started = performance.now();
    const res = await fetch(`${app.url}/api/cases/${id}/transitions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf, origin: app.url },
      body: JSON.stringify({ to: 'gathering_evidence', version }),
    });
    await res.arrayBuffer();
    moveApi.push(performance.now() - started);
    if (res.status !== 201 && res.status !== 200) throw new Error(`POST transitions: ${res.status}`);
  }
  if (!posted) throw new Error('the board sent no transition');
  await context.close();
  return [
    report('web.board.first-cards.median', boardPage, 'ms', boardApi, LIST_TARGET),
    report('web.board.keyboard-move.median', median(moves), 'ms', median(moveApi), MOVE_TARGET),
  ];
}

runBench(async () => {
  const browser = await launchBrowser();
  const results: boolean[] = [];
  try {
    const dir = KEEP_DIR ?? tempDir();
    mkdirSync(dir, { recursive: true });
    const app = await seededApp(dir, CASES, KEEP_DIR !== undefined, {
      afterSeed: (dbPath, adminId) => seedAudit(dbPath, AUDIT_ENTRIES, adminId),
    });
    try {
      results.push(...(await onTheLargeDatabase(browser, app)));
    } finally {
      await app.close();
      if (!KEEP_DIR) removeDir(dir);
    }
    const boardDir = KEEP_BOARD_DIR ?? tempDir();
    mkdirSync(boardDir, { recursive: true });
    const boardApp = await seededApp(boardDir, BOARD_CASES, KEEP_BOARD_DIR !== undefined);
    try {
      results.push(...(await onTheBoard(browser, boardApp)));
    } finally {
      await boardApp.close();
      if (!KEEP_BOARD_DIR) removeDir(boardDir);
    }
  } finally {
    await browser.close();
  }
  return results.every(Boolean);
});
