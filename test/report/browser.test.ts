/**
 * Opens the HTML reports in a real browser (headless Chromium through playwright-core, as the
 * explorer's browser test does): the DOM has the SVG diagrams and no script, the page logs nothing to
 * the console (no CSP violation, no network request), and a screenshot is not blank. In CI (.ci/run
 * installs chromium) it runs; elsewhere it is skipped, saying so, where /usr/bin/chromium is absent.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/cli/writeAtomic.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { formatReportHtml } from '../../src/report/htmlReport.ts';
import { checkAsync, withVariant, type CheckSuccess } from '../../src/index.ts';
import { comparisonReport } from '../../src/report/fromSystem.ts';
import dax from '../../specs/dax.model.ts';
import { checked, evilSystem, EVIL } from './fixtures.ts';
import { HAVE_CHROMIUM, SKIP_NOTE, notBlank, openBrowser, type Browser } from '../support/browser.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe.skipIf(!HAVE_CHROMIUM)(`the HTML report in headless Chromium${SKIP_NOTE}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-browser-'));
  let b: Browser;
  beforeAll(async () => {
    b = await openBrowser({ width: 1400, height: 3000 });
  });
  afterAll(async () => b?.close());

  /** Opens a file, waits for it to load, and returns the problems it caused (console, errors, requests). */
  async function open(file: string): Promise<string[]> {
    b.problems.length = 0;
    await b.page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return [...b.problems];
  }

  it('renders a DAX comparison: one SVG per drawn trace, the violating state marked, no console messages, a screenshot', async () => {
    const designs = ['mainline-2019', 'blocking-close'].map((id) => withVariant(dax, id));
    const results = await Promise.all(designs.map(async (system) => ({ system, result: (await checkAsync(system)) as CheckSuccess })));
    writeFilesAtomic(dir, comparisonFiles(comparisonReport(results)));
    const drawn = results.flatMap((r) => r.result.properties.filter((p) => p.trace && (p.verdict === 'violated' || p.kind === 'sometimes'))).length;
    expect(drawn).toBe(5); // four counterexamples and blocking-close's witness
    const problems = await open(join(dir, 'comparison.html'));
    expect(await b.page.locator('svg.seq').count()).toBe(drawn);
    expect(await b.page.locator('script').count()).toBe(0);
    expect(await b.page.locator('h3', { hasText: 'blocking-close / no-unkillable-close' }).count()).toBe(1);
    expect(await b.page.locator('th.prop small').first().textContent()).toMatch(/^invariant: /);
    expect(await b.page.locator('table.steps tr.marked strong.mark').first().textContent()).toMatch(/^✗ .* is false here: /);
    expect(problems).toEqual([]);
    const png = await b.page.screenshot();
    const shot = await notBlank(b.context, png);
    expect(shot.ok, JSON.stringify(shot)).toBe(true);
  });

  it('would see a console message (the check above is not vacuous)', async () => {
    writeFilesAtomic(dir, { 'probe.html': '<!doctype html><html><body><script>console.error("probe")</script></body></html>' });
    expect((await open(join(dir, 'probe.html'))).join('\n')).toContain('probe');
  });

  it('shows hostile model text as text: the DOM gets no script or img element from it', async () => {
    const r = checked(evilSystem);
    writeFilesAtomic(dir, { 'evil.html': formatReportHtml({ title: EVIL, rows: [{ name: `<img src=x onerror=alert(1)>`, result: r }] }) });
    const problems = await open(join(dir, 'evil.html'));
    expect(await b.page.locator('script, img').count()).toBe(0);
    expect(await b.page.locator('h1').textContent()).toBe(EVIL);
    expect(problems).toEqual([]);
  });

  it.skipIf(!existsSync(join(ROOT, 'reports', 'comparison.html')))('renders the committed reports/comparison.html with every diagram', async () => {
    const page = join(ROOT, 'reports', 'comparison.html');
    const sections = readFileSync(page, 'utf8').match(/<div class="diagram">/g)?.length ?? 0;
    expect(sections).toBeGreaterThan(0);
    const problems = await open(page);
    expect(await b.page.locator('div.diagram svg').count()).toBe(sections);
    expect(problems).toEqual([]);
  });
});
