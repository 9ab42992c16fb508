import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage } from '../../test/web/browser';
import { CaseListPage } from '../../test/web/pages/case-list.page';
import { LoginPage } from '../../test/web/pages/login.page';
import { createStaff, removeDir, report, runBench, tempDir } from '../intake/support';
import { seededApp } from '../search/bulk-seed';

/**
 * bench/web: the web app in headless Chromium (as the browser journeys launch it) against the built
 * server with 100,000 bulk-seeded cases, signed in through the sign-in page as a coordinator:
 * - the case list: navigation to /cases until its first rows are visible, against the same
 *   GET /api/cases the page makes, timed alone from Node (median of 10 each);
 * - what a first visit to /login and to /cases/:id loads of JavaScript and CSS, as transferred
 *   (compressed as the server sends it), against the same files uncompressed.
 */
const CASES = Number(process.env.BENCH_WEB_CASES ?? 100_000);
const RUNS = 10;
const LIST_TARGET = { atMost: 1000 } as const;
const BYTES_TARGET = { atMost: 300 } as const;
/** BENCH_WEB_DIR (or BENCH_SEARCH_DIR, same database): seed into this folder and keep it, or reuse it. */
const KEEP_DIR = process.env.BENCH_WEB_DIR ?? process.env.BENCH_SEARCH_DIR;

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

runBench(async () => {
  const dir = KEEP_DIR ?? tempDir();
  mkdirSync(dir, { recursive: true });
  const app = await seededApp(dir, CASES, KEEP_DIR !== undefined);
  const browser = await launchBrowser();
  try {
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
    let apiPath = '';
    page.on('request', (req) => {
      const u = new URL(req.url());
      if (u.pathname === '/api/cases') apiPath = u.pathname + u.search;
    });
    const pageTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto('/cases', { waitUntil: 'commit' });
      await firstRow.waitFor({ state: 'visible' });
      pageTimes.push(performance.now() - started);
    }
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const apiTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${app.url}${apiPath}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${apiPath}: ${res.status}`);
      apiTimes.push(performance.now() - started);
    }
    const total = (await (await fetch(`${app.url}${apiPath}`, { headers: { cookie } })).json()) as {
      total: number;
    };
    process.stdout.write(`  ${apiPath}: ${total.total} cases in all, first page shown\n`);

    // (c) The case page, first visit (empty cache) of a signed-in user.
    const state = await context.storageState();
    await context.close();
    const caseReady = (p: Page) => p.getByRole('heading', { level: 1 }).waitFor();
    const casePage = await firstVisit(browser, app.url, caseHref!, caseReady, {
      storageState: state,
      acceptEncoding: 'gzip',
    });
    const casePageAsAsked = await firstVisit(browser, app.url, caseHref!, caseReady, { storageState: state });

    return [
      report('web.case-list.first-rows.median', median(pageTimes), 'ms', median(apiTimes), LIST_TARGET),
      reportAssets('web.login', login, loginAsAsked),
      reportAssets('web.case-page', casePage, casePageAsAsked),
    ].every(Boolean);
  } finally {
    await browser.close();
    await app.close();
    if (!KEEP_DIR) removeDir(dir);
  }
});
