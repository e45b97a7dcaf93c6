/**
 * Opens the HTML reports in a real browser (headless Chromium): the DOM has the SVG diagrams and no
 * script, the page logs nothing to the console (no CSP violation, no network request), and a
 * screenshot renders. Skipped, saying so, where /usr/bin/chromium is absent (CI need not have it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANG_MS } from '../support/hang.ts';
import { writeFilesAtomic } from '../../src/cli/writeAtomic.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { formatReportHtml } from '../../src/report/htmlReport.ts';
import { compareDesigns } from '../../specs/dax/compare.ts';
import { daxReport } from '../../specs/dax/report/build.ts';
import { designById } from '../../specs/dax/resolveDesign.ts';
import { checked, evilSystem, EVIL } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const SKIP = HAVE ? '' : ` [skipped: ${CHROMIUM} is absent; apt-get install chromium to run it]`;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs headless Chromium on a file with extra flags; returns stdout and the log lines that are not dbus noise. */
function chromium(file: string, ...flags: string[]): { stdout: string; log: string[] } {
  const profile = mkdtempSync(join(tmpdir(), 'lc-chromium-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0',
      ...flags, pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: HANG_MS, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error) throw r.error;
  const log = r.stderr.split('\n').filter((l) => /CONSOLE|Refused|ERR_|Uncaught|Content Security Policy/i.test(l));
  return { stdout: r.stdout, log };
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe.skipIf(!HAVE)(`the HTML report in headless Chromium${SKIP}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-browser-'));

  it('renders a DAX comparison: one SVG per drawn counterexample, no console messages, a screenshot', async () => {
    const designs = ['mainline-2019', 'blocking-close'].map(designById);
    const results = await compareDesigns(designs, {});
    const files = comparisonFiles(daxReport(results, designs));
    writeFilesAtomic(dir, files);
    const drawn = results.flatMap((r) => r.result.properties.filter((p) => p.verdict === 'violated' && p.trace)).length;
    expect(drawn).toBe(3);
    const page = join(dir, 'comparison.html');
    const dom = chromium(page, '--dump-dom');
    expect(dom.stdout.match(/<svg /g)).toHaveLength(drawn);
    expect(dom.stdout).not.toMatch(/<script/i);
    expect(dom.stdout).toContain('blocking-close / no-unkillable-close');
    expect(dom.log).toEqual([]);
    const png = join(dir, 'comparison.png');
    const shot = chromium(page, `--screenshot=${png}`, '--window-size=1400,3000');
    expect(shot.log).toEqual([]);
    expect(pngSize(png)).toEqual([1400, 3000]);
    expect(statSync(png).size).toBeGreaterThan(50_000);
  });

  it('would see a console message or a blocked request (the checks above are not vacuous)', () => {
    const page = join(dir, 'probe.html');
    writeFilesAtomic(dir, { 'probe.html': '<!doctype html><html><body><script>console.error("probe")</script></body></html>' });
    expect(chromium(page, '--dump-dom').log.join('\n')).toContain('"probe"');
  });

  it('shows hostile model text as text: the DOM gets no script or img element from it', () => {
    const r = checked(evilSystem);
    const page = join(dir, 'evil.html');
    writeFilesAtomic(dir, { 'evil.html': formatReportHtml({ title: EVIL, rows: [{ name: `<img src=x onerror=alert(1)>`, result: r }] }) });
    const dom = chromium(page, '--dump-dom');
    expect(dom.stdout).not.toMatch(/<script|<img/i);
    expect(dom.stdout).toContain('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(dom.log).toEqual([]);
  });

  it.skipIf(!existsSync(join(ROOT, 'reports', 'comparison.html')))('renders the committed reports/comparison.html with every diagram', () => {
    const page = join(ROOT, 'reports', 'comparison.html');
    const sections = readFileSync(page, 'utf8').match(/<div class="diagram">/g)?.length ?? 0;
    expect(sections).toBeGreaterThan(0);
    const dom = chromium(page, '--dump-dom');
    expect(dom.stdout.match(/<svg /g)).toHaveLength(sections);
    expect(dom.log).toEqual([]);
  });
});
