/**
 * An incomplete search decides some properties and leaves the others undecided: no output format may
 * call an undecided property VIOLATED (the text report's detail section once did, under a table that
 * said "unknown").
 */
import { describe, expect, it } from 'vitest';
import { check, type CheckSuccess } from '../../src/engine/check.ts';
import { formatCheckText, checkToJSON } from '../../src/report/checkReport.ts';
import { formatComparisonText } from '../../src/report/comparison.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { always, eventually, joint } from '../../src/index.ts';
import { chainSystem, n } from '../fixtures/small.ts';

function ok(r: ReturnType<typeof check>): CheckSuccess {
  if (r.status === 'error') throw r.error;
  return r;
}

// Weak fairness on inc: the chain must reach its end, so the liveness property holds once the search is complete.
const fair = { checkDeadlock: false, actions: [joint({ name: 'inc', steps: () => ({ actor: 'c', event: { type: 'INC' } }), fairness: 'weak' })] };
// A 20-step chain stopped after 5 states: the invariant (violated at 10) and the liveness property are undecided.
const stopped = ok(check(chainSystem(20, fair, [always('below-ten', (s) => n(s) < 10), eventually('reaches-end', (s) => n(s) === 20)]), { maxStates: 5 }));
const safetyOnly = ok(check(chainSystem(3, fair, [eventually('reaches-end', (s) => n(s) === 3)]), { safetyOnly: true }));

describe('undecided properties are never called violated', () => {
  it('the runs are what the test needs: incomplete verdicts with explanations', () => {
    expect(stopped.status).toBe('incomplete');
    expect(stopped.properties.map((p) => p.verdict)).toEqual(['incomplete', 'incomplete']);
    expect(stopped.properties[1].explanation?.length).toBeGreaterThan(0);
    expect(safetyOnly.properties[0].verdict).toBe('incomplete');
    expect(safetyOnly.properties[0].explanation?.length).toBeGreaterThan(0);
  });

  it('text: the detail section says undecided, not VIOLATED', () => {
    for (const r of [stopped, safetyOnly]) {
      const text = formatCheckText(r);
      expect(text).not.toMatch(/VIOLATED/);
      // A property left out by --safety-only was not checked: neither undecided by a limit nor violated.
      expect(text).toMatch(r === safetyOnly ? /reaches-end was not checked/ : /reaches-end is undecided/);
    }
  });

  it('JSON, the comparison text, the report Markdown and HTML: no violated cell or section', () => {
    for (const r of [stopped, safetyOnly]) {
      expect(checkToJSON(r).properties.every((p) => p.verdict === 'incomplete')).toBe(true);
      const rows = [{ name: 'chain', result: r }];
      expect(formatComparisonText(rows)).not.toMatch(/VIOLATED/);
      const files = comparisonFiles({ title: 't', rows });
      expect(files['comparison.md'].split('\n').filter((l) => l.startsWith('| chain')).join('\n')).not.toMatch(/❌|violated/);
      expect(files['comparison.md']).toContain('Nothing is violated.');
      expect(files['comparison.html']).not.toContain('class="v v-violated"');
      expect(JSON.parse(files['comparison.json']).variants[0].properties.map((p: { verdict: string }) => p.verdict).every((v: string) => v === 'incomplete')).toBe(true);
      // Left out by --safety-only: "not checked", with its legend; stopped by a limit: "incomplete".
      const row = files['comparison.md'].split('\n').find((l) => l.startsWith('| chain'))!;
      expect(row).toContain(r === safetyOnly ? '➖ not checked' : '⏸️ incomplete');
      expect(files['comparison.md'].includes('➖ not checked (a liveness property left out')).toBe(r === safetyOnly);
      expect(files['comparison.html'].includes('– not checked')).toBe(r === safetyOnly);
    }
  });
});
