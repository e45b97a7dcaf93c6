/**
 * The explorer's page driven by the keyboard alone in headless Chromium (playwright-core): after a step,
 * back or forward the focus stays on an equivalent control instead of falling to <body>; the design
 * columns are reachable with Tab; Enter in the predicate searches; a list only arms its load button; a
 * search that finds nothing is a result, not an error; what each design does is readable without
 * hovering; and the predicate's example comes from the model shown (here the lock example, not DAX).
 * Every wait is for a condition, never for a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lock from '../../examples/lock.model.ts';
import { startExplorer, type RunningExplorer } from '../../src/explorer/server.ts';
import { Walker } from '../../src/explorer/walk.ts';
import { variantsOf, withVariant } from '../../src/spec/define.ts';
import { daxExplorer } from '../support/explorerServer.ts';
import { HAVE_CHROMIUM, SKIP_NOTE, openBrowser, type Browser } from '../support/browser.ts';

describe.skipIf(!HAVE_CHROMIUM)(`the explorer by keyboard in headless Chromium${SKIP_NOTE}`, () => {
  let ex: Awaited<ReturnType<typeof daxExplorer>>;
  let lockEx: RunningExplorer;
  let b: Browser;

  beforeAll(async () => {
    ex = await daxExplorer();
    const walker = new Walker(variantsOf(lock).map((v) => withVariant(lock, v.id)), {});
    lockEx = await startExplorer({ walker, spec: 'examples/lock.model.ts', maxStates: 500_000 });
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await ex?.close();
    await lockEx?.close();
  });

  /** Waits until the page is idle at `step n of m`. */
  const at = (position: string) =>
    b.page.waitForFunction((p) => {
      const d = (globalThis as unknown as { document: { body: { dataset: Record<string, string> }; getElementById(id: string): { textContent: string } } }).document;
      return d.body.dataset.state === 'ready' && d.getElementById('position').textContent === p;
    }, position);
  /** The focused element: tag, id, and the data attributes the page gives its controls. */
  const active = () =>
    b.page.evaluate(() => {
      const a = (globalThis as unknown as { document: { activeElement: { tagName: string; id: string; getAttribute(n: string): string | null; closest(s: string): unknown } } }).document.activeElement;
      return { tag: a.tagName, id: a.id, op: a.getAttribute('data-op'), design: a.getAttribute('data-design'), inActions: a.closest('#actions') !== null };
    });

  it('keeps the focus on an action button after each step taken with Enter or Space', async () => {
    const { page } = b;
    await page.goto(ex.url);
    await at('step 0 of 0');
    await page.focus('#actions button.step[data-text="A: open(d) = fd10"]');
    await page.keyboard.press('Enter');
    await at('step 1 of 1');
    // The same operation's button (the taken instance is gone: the next open is another one).
    expect(await active()).toMatchObject({ tag: 'BUTTON', inActions: true, op: 'open' });
    await page.keyboard.press('Space');
    await at('step 2 of 2');
    expect(await active()).toMatchObject({ tag: 'BUTTON', inActions: true });
    await page.keyboard.press('Enter');
    await at('step 3 of 3');
    expect(await active()).toMatchObject({ tag: 'BUTTON', inActions: true });
    expect(b.problems).toEqual([]);
  });

  it('moves the focus from back to forward when back reaches step 0, and back again at the end', async () => {
    const { page } = b;
    await page.focus('#back');
    for (const n of [2, 1]) {
      await page.keyboard.press('Enter');
      await at(`step ${n} of 3`);
      expect((await active()).id).toBe('back');
    }
    await page.keyboard.press('Enter');
    await at('step 0 of 3');
    expect((await active()).id).toBe('forward');
    for (const n of [1, 2, 3]) {
      await page.keyboard.press('Enter');
      await at(`step ${n} of 3`);
    }
    expect((await active()).id).toBe('back');
    expect(b.problems).toEqual([]);
  });

  it('reaches the design columns with Tab and focuses one with Enter, keeping the keyboard focus on it', async () => {
    const { page } = b;
    await page.focus('#walk button.design[data-design="mainline-2019"]');
    await page.keyboard.press('Tab');
    expect(await active()).toMatchObject({ tag: 'BUTTON', design: 'unprotected' });
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail-title:has-text("unprotected")');
    expect(await page.locator('#focus').inputValue()).toBe('unprotected');
    expect(await active()).toMatchObject({ tag: 'BUTTON', design: 'unprotected' });
  });

  it('shows what each design does without hovering, on request', async () => {
    const { page } = b;
    expect(await page.locator('#actions .det').first().isVisible()).toBe(false);
    await page.check('#details');
    await page.waitForSelector('#actions .det >> nth=0', { state: 'visible' });
    // Step 1 (A: open(d) = fd10): the cell says what changed, in view.
    const det = page.locator('table.walk tr:nth-child(2) td[data-design="mainline-2019"] .det');
    expect(await det.isVisible()).toBe(true);
    expect(await det.textContent()).toContain('A.d: unused -> open');
    const described = await page.locator('#actions button.step').first().getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toMatch(/ok|not enabled|E[A-Z]+/);
    await page.uncheck('#details');
    expect(b.problems).toEqual([]);
  });

  it('loads a case only on an explicit load, never on ArrowDown in the list', async () => {
    const { page } = b;
    await page.focus('#scenario');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#load-scenario').isEnabled()).toBe(true);
    // The walk is untouched until the load button is pressed.
    expect(await page.locator('#position').textContent()).toBe('step 3 of 3');
    await page.keyboard.press('Tab');
    expect((await active()).id).toBe('load-scenario');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#message.info:has-text("Loaded")');
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.locator('#position').textContent()).toMatch(/^step 0 of [1-9]\d*$/);
    expect(b.problems).toEqual([]);
  });

  it('searches on Enter in the predicate field, and says "not found" as a result, not an error', async () => {
    const { page } = b;
    const lockPage = await b.context.newPage();
    const problems: string[] = [];
    lockPage.on('console', (m) => problems.push(`console.${m.type()}: ${m.text()}`));
    lockPage.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    try {
      await lockPage.goto(lockEx.url);
      await lockPage.waitForSelector('body[data-state="ready"]');
      const placeholder = await lockPage.locator('#predicate').getAttribute('placeholder');
      // Derived from the lock model's first actor, nothing of DAX.
      expect(placeholder).toBe("e.g. s.c1.value !== 'waiting'");
      await lockPage.fill('#predicate', "s.c1.value === 'no such state'");
      await lockPage.press('#predicate', 'Enter');
      await lockPage.waitForSelector('#message:has-text("no reachable state")');
      expect(await lockPage.locator('#message').getAttribute('class')).toBe('info');
      expect(await lockPage.locator('#message').getAttribute('role')).toBe('status');
      expect(problems).toEqual([]);
    } finally {
      await lockPage.close();
    }
    expect(await page.locator('#predicate').getAttribute('placeholder')).toBe("e.g. s.A.value !== 'running'");
    expect(b.problems).toEqual([]);
  });

  it('ignores a step clicked while the previous one is still being walked (its buttons are of the state before)', async () => {
    const { page } = b;
    await page.goto(ex.url);
    await at('step 0 of 0');
    // The next walk's answer is held back until the second click has been made.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/walk', async (route) => {
      await held;
      await route.continue();
    });
    await page.click('#actions button.step[data-text="A: open(d) = fd10"]');
    await page.waitForSelector('body[data-state="busy"]');
    await page.click('#actions button.step[data-text="B: open(d) = fd10"]');
    release();
    await page.waitForSelector('body[data-state="ready"]');
    await page.unroute('**/api/walk');
    expect(await page.textContent('#position')).toBe('step 1 of 1');
    expect(await page.textContent('#walk')).not.toContain('B: open(d)');
    expect(b.problems).toEqual([]);
  });
});
