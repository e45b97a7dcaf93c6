import { describe, expect, it } from 'vitest';
import { commonOutcome, divergentSteps, firstDivergence, type ScenarioComparison } from '../../src/report/scenarioTable.ts';
import { scenarioHtml } from '../../src/report/htmlTables.ts';
import { assertNested } from './wellFormed.ts';

const col = (variant: string, ...outcomes: string[]) => ({ variant, cells: outcomes.map((outcome) => ({ outcome, detail: `${variant}: <${outcome}>` })) });
const sc: ScenarioComparison = {
  name: '01-x',
  title: 'Case <1>',
  steps: ['A: open d', 'A: lease', 'A: close'],
  columns: [col('one', 'ok', 'ok', 'blocks'), col('two', 'ok', 'ok', 'ok'), col('three', 'ok', 'EINVAL', 'ok')],
};

describe('side-by-side scenarios', () => {
  it('finds the first step where the columns disagree, and every later one', () => {
    expect(firstDivergence(sc)).toBe(1);
    expect(divergentSteps(sc)).toEqual([1, 2]);
    expect(commonOutcome(sc, 2)).toBe('ok');
    expect(commonOutcome({ ...sc, columns: sc.columns.slice(0, 2) }, 2)).toBeUndefined(); // a tie: no outcome is the common one
  });

  it('has no divergence when every column agrees, or with one column', () => {
    expect(firstDivergence({ ...sc, columns: [sc.columns[0]] })).toBeUndefined();
    expect(firstDivergence({ ...sc, steps: ['A: open d'] })).toBeUndefined();
  });

  it('marks the first divergent row and outlines the cells that depart from their row', () => {
    const html = scenarioHtml(sc);
    assertNested(html);
    expect(html.match(/<tr class="diverge">/g)).toHaveLength(1);
    expect(html).toMatch(/<tr class="diverge"><td class="num">➤ 2<\/td>/);
    expect(html).toMatch(/<tr class="differs"><td class="num">≠ 3<\/td>/);
    expect(html).toContain('<td class="o o-err odd" title="three: &lt;EINVAL&gt;">EINVAL</td>');
    expect(html).toContain('<td class="o o-blocks odd"');
    expect(html).toContain('The columns first disagree at step 2.');
  });
});
