/**
 * The explorer in a real browser (headless Chromium through playwright-core): click through Jan
 * Kara's deadlock in blocking-close (specs/scenarios/03-sigkill-exit-order.scenario), check the
 * outcomes side by side and the marked state, take screenshots that are not blank, and fail on any
 * console message, page error or failed request. Every wait is for a condition, never for a time.
 * In CI (.ci/run installs chromium) it must run; elsewhere it is skipped, saying so, without chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daxExplorer } from '../support/explorerServer.ts';
import { HAVE_CHROMIUM, MUST_RUN, SKIP_NOTE, notBlank, openBrowser, type Browser } from '../support/browser.ts';

/** The steps of case 3 as the page's buttons read. */
const CASE_3 = [
  'A: open(d) = fd10',
  'A: fcntl(fd10, F_SETLEASE, F_LAYOUT|exclusive)',
  'A: open(/dev/infiniband/uverbs0) = fd15',
  'A: mmap(fd10)',
  'A: ibv_reg_mr(fd15, d block 0) = mr0',
  'admin: kill -9 A',
  'A: kernel delivers SIGKILL, do_exit() starts (mappings dropped)',
  'A: exit closes(fd10)',
  'A: exit closes(fd15)',
  'A: every fd closed; the process is dead',
];

it.runIf(MUST_RUN)('CI has the browser the tests need (.ci/run installs it)', () => {
  expect(HAVE_CHROMIUM).toBe(true);
});

describe.skipIf(!HAVE_CHROMIUM)(`the explorer in headless Chromium${SKIP_NOTE}`, () => {
  let ex: Awaited<ReturnType<typeof daxExplorer>>;
  let b: Browser;
  const shots = mkdtempSync(join(tmpdir(), 'lc-explore-shots-'));

  beforeAll(async () => {
    ex = await daxExplorer();
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await ex?.close();
  });

  const ready = () => b.page.waitForSelector('body[data-state="ready"]');
  /** Waits until the page is idle with n rows in its walk table (header, one per step, the properties row). */
  // A function, not a string: the page's CSP forbids eval, and the test would (rightly) see the refusal.
  const walkRows = (n: number) =>
    b.page.waitForFunction((rows) => {
      const d = (globalThis as unknown as { document: { body: { dataset: Record<string, string> }; querySelectorAll(s: string): { length: number } } }).document;
      return d.body.dataset.state === 'ready' && d.querySelectorAll('table.walk tr').length === rows;
    }, n);
  /** The outcome cell of walk step n under a design. */
  const cell = (n: number, design: string) => b.page.locator(`table.walk tr:nth-child(${n + 1}) td[data-design="${design}"]`);

  it('clicks through Jan Kara\'s deadlock: every design side by side, blocking-close blocks and stays stuck', async () => {
    const { page } = b;
    await page.goto(ex.url);
    await ready();
    for (const [i, text] of CASE_3.entries()) {
      await page.locator('button.step', { hasText: text }).filter({ has: page.locator(`xpath=self::*[@data-text=${JSON.stringify(text)}]`) }).first().click();
      // The walk table has a header, one row per step, and the properties row.
      await walkRows(i + 3);
    }
    expect(await cell(8, 'blocking-close').textContent()).toBe('blocks');
    expect(await cell(9, 'blocking-close').textContent()).toBe('impossible');
    expect(await cell(9, 'blocking-close').getAttribute('title')).toBe('A is blocked in close()');
    expect(await cell(10, 'blocking-close').textContent()).toBe('impossible');
    expect(await cell(8, 'zombie-lease').textContent()).toBe('ok: lease becomes a zombie');
    expect(await cell(8, 'blocking-close-killable').textContent()).toBe('ok: lease dropped, pins live on');
    expect(await cell(10, 'zombie-lease').textContent()).toBe('ok');
    expect(await cell(2, 'mainline-2019').textContent()).toBe('EINVAL');
    // The first divergence among the designs that can run the walk is step 8 (mainline cannot: EINVAL at 2).
    expect(await page.locator('table.walk tr.diverge td.num').textContent()).toBe('➤ 8');
    expect(await page.locator('#divergence').textContent()).toContain('mainline-2019 cannot run this walk (step 2: EINVAL)');
    expect(await page.locator('table.walk td.props[data-design="blocking-close"]').textContent()).toContain('✗ no-unkillable-close');
    expect(await page.locator('table.walk td.props[data-design="blocking-close-killable"]').textContent()).not.toContain('no-unkillable-close');
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(join(shots, 'walk.png'), png);
    const shot = await notBlank(b.context, png);
    expect(shot.ok, JSON.stringify(shot)).toBe(true);
    expect(b.problems).toEqual([]);
  });

  it('marks the state from which A can never die, in the properties, the step table and the diagram', async () => {
    const { page } = b;
    await page.selectOption('#focus', 'blocking-close');
    await page.waitForSelector('#detail-title:has-text("blocking-close")');
    const prop = page.locator('li[data-property="no-unkillable-close"]');
    expect(await prop.getAttribute('class')).toBe('violated');
    expect(await prop.textContent()).toContain('broken since step 8');
    expect(await prop.textContent()).toMatch(/Jan Kara/);
    expect(await page.locator('#steps tr.marked td.num').allTextContents()).toEqual(['8']);
    expect(await page.locator('#steps tr.marked strong.mark').first().textContent()).toContain('no-unkillable-close is violated from here on');
    expect(await page.locator('#diagram svg rect.mark').count()).toBeGreaterThan(0);
    const png = await page.locator('main').screenshot();
    writeFileSync(join(shots, 'focus.png'), png);
    expect((await notBlank(b.context, png)).ok).toBe(true);
    expect(b.problems).toEqual([]);
  });

  it('goes back and forward along the walk', async () => {
    const { page } = b;
    await page.click('#back');
    await walkRows(11);
    expect(await page.locator('#position').textContent()).toBe('step 9 of 10');
    await page.click('#forward');
    await walkRows(12);
    expect(b.problems).toEqual([]);
  });

  it('says what is wrong with a bad predicate or a malformed ITF upload, and goes on working', async () => {
    const { page } = b;
    await page.fill('#predicate', 's.nobody.value');
    await page.click('#find');
    await page.waitForSelector('#message:not([hidden]):has-text("LC022")');
    expect(await page.locator('#message').textContent()).toMatch(/error LC022: the predicate threw/);
    await page.setInputFiles('#upload', { name: 'broken.itf.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
    await page.waitForSelector('#message:has-text("LC041")');
    // Still serving: a predicate that holds jumps to the shortest path to it.
    await page.fill('#predicate', 's.A.value === "dead"');
    await page.click('#find');
    await page.waitForSelector('#message:has-text("Found a state")');
    await ready();
    expect(await page.locator('#position').textContent()).toMatch(/^step (\d+) of \1$/);
    // Console messages from the failed requests' 400 answers are the only ones allowed here.
    expect(b.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
