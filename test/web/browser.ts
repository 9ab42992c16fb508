/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser: the DOM types are theirs.)
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import {
  type Browser,
  type BrowserContext,
  chromium as playwright,
  type Locator,
  type Page,
} from 'playwright-core';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app';

/**
 * Headless Chromium for the browser journeys: the build shipped inside the npm package
 * @sparticuz/chromium (works offline, no download, no system package). Of its serverless flags we
 * drop those that would weaken the browser under test (web security, site isolation) or that make
 * several pages share one process; background networking is off (this machine has no network).
 */
const DROPPED = [
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
  '--no-zygote',
];

export async function launchBrowser(): Promise<Browser> {
  const args = chromium.args.filter((a) => !DROPPED.some((d) => a.startsWith(d)));
  args.push(
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
  );
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return playwright.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

/** A fresh browser profile (no cookies, no storage) on the app at `baseURL`. */
export async function newPage(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    // As a user who asked for less motion (the app honours it): no popover caught mid-fade by axe,
    // whose text at part opacity it would read as too little contrast.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** WCAG 2.2 AA, as the contract asks: the violations axe-core rates serious or critical. */
export async function seriousA11yViolations(
  page: Page,
): Promise<{ id: string; help: string; nodes: string[] }[]> {
  // A popover or dialog still fading in has text at part opacity, which axe reads as too little
  // contrast: let every running transition settle first (a state a person actually sees).
  await settleAnimations(page);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/**
 * Waits until no CSS transition or animation is running (bounded: an endless one is left). A
 * popover that has just been asked to open starts its transition a frame or two later (Mantine
 * schedules it), so the check repeats after two frames until a pass finds nothing running.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const deadline = performance.now() + 3000;
    while (performance.now() < deadline) {
      await frame();
      await frame();
      const running = document.getAnimations().filter((a) => {
        const timing = a.effect?.getComputedTiming();
        return a.playState === 'running' && timing !== undefined && timing.endTime !== Infinity;
      });
      if (running.length === 0) return;
      await Promise.race([
        Promise.all(running.map((a) => a.finished.catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, deadline - performance.now())),
      ]);
    }
  });
}

/**
 * Screenshots of the screens: into docs/screenshots when UPDATE_SCREENSHOTS=1 (to refresh the
 * ones the docs show), otherwise into a temporary folder (printed once) for a look after a run.
 */
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(__dirname, '..', '..', 'docs', 'screenshots')
    : join(tmpdir(), 'caseline-screenshots');
mkdirSync(SHOTS, { recursive: true });

export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** The text of the elements a control's aria-describedby points at (Mantine ties a field's error to it so). */
export async function describedBy(control: Locator): Promise<string> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => control.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

/** True when the element has the keyboard focus. */
export function isFocused(el: Locator): Promise<boolean> {
  return el.evaluate((node) => node === document.activeElement);
}

/** What a journey file works with: its own server (fresh database and Redis) and browser. */
export interface Journey {
  t: TestApp;
  browser: Browser;
  /** A fresh browser profile on the journey's server. */
  newPage(viewport?: { width: number; height: number }): ReturnType<typeof newPage>;
}

/** Starts the journey's server and browser before the file's tests (jest hooks) and stops them after. */
export function journey(options?: TestAppOptions): Journey {
  const j = { newPage: (viewport) => newPage(j.browser, j.t.url, viewport) } as Journey;
  beforeAll(async () => {
    [j.t, j.browser] = await Promise.all([createTestApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await j.browser?.close();
    await j.t?.close();
  });
  return j;
}
