/**
 * Headless Chromium for the browser tests, driven through playwright-core: Debian's /usr/bin/chromium
 * (.ci/run installs it when it is missing), a fresh profile, no network beyond the page, and every
 * console message, page error and failed request collected so a test can insist there are none.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { HANG_MS } from './hang.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** In CI the browser tests must run: .ci/run installs chromium, so its absence there is a failure, not a skip. */
export const MUST_RUN = process.env.CI === 'true';
export const SKIP_NOTE = HAVE_CHROMIUM ? '' : ` [skipped: ${CHROMIUM} is absent; apt-get install chromium to run it]`;

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console messages (any level), uncaught page errors and failed requests, as lines. */
  problems: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a fresh user-data-dir and opens one page that records every problem. */
export async function openBrowser(viewport = { width: 1400, height: 1000 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'lc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    timeout: HANG_MS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(HANG_MS);
  const problems: string[] = [];
  page.on('console', (m) => problems.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/**
 * Whether a screenshot shows something: its PNG is compared with a screenshot of a blank page of the
 * same size, taken in the same browser (a blank page compresses to a few kilobytes; a page with
 * tables, text and diagrams to many times that).
 */
export async function notBlank(context: BrowserContext, png: Buffer): Promise<{ ok: boolean; bytes: number; blankBytes: number }> {
  const [width, height] = pngSize(png);
  const blankPage = await context.newPage();
  await blankPage.setViewportSize({ width, height });
  await blankPage.goto('about:blank');
  const blank = await blankPage.screenshot({ type: 'png' });
  await blankPage.close();
  return { ok: png.length > 10 * blank.length && png.length > 30_000, bytes: png.length, blankBytes: blank.length };
}

export { readFileSync };
