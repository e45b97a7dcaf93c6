import { describe, expect, it } from 'vitest';
import { commonOutcome, divergenceOf, divergenceText, divergentSteps, firstDivergence, isFailure, type ScenarioComparison } from '../../src/report/scenarioTable.ts';
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
  it('finds the first step where the columns that can run the case disagree, and every step where any differs', () => {
    // "three" fails step 2 (EINVAL) where the other two pass alike: it cannot run the case.
    expect(divergenceOf(sc)).toEqual({ step: 2, cannotRun: [{ variant: 'three', step: 1, outcome: 'EINVAL' }] });
    expect(firstDivergence(sc)).toBe(2);
    expect(divergentSteps(sc)).toEqual([1, 2]);
    expect(commonOutcome(sc, 2)).toBe('ok');
    expect(commonOutcome({ ...sc, columns: sc.columns.slice(0, 2) }, 2)).toBeUndefined(); // a tie: no outcome is the common one
  });

  it('has no divergence when every column agrees, or with one column', () => {
    expect(firstDivergence({ ...sc, columns: [sc.columns[0]] })).toBeUndefined();
    expect(firstDivergence({ ...sc, steps: ['A: open d'] })).toBeUndefined();
  });

  it('keeps a failing column when the failures are not a lone minority, or the others disagree', () => {
    // Five designs refuse a truncate that one allows: that is the finding, not a column that cannot run.
    const many: ScenarioComparison = { ...sc, steps: ['t'], columns: [col('a', 'ok'), col('b', 'ETXTBSY'), col('c', 'ETXTBSY')] };
    expect(divergenceOf(many)).toEqual({ step: 0, cannotRun: [] });
    const split: ScenarioComparison = { ...sc, steps: ['t'], columns: [col('a', 'ok'), col('b', 'blocks'), col('c', 'ok'), col('d', 'impossible')] };
    expect(divergenceOf(split)).toEqual({ step: 0, cannotRun: [] });
    // Set aside one at a time: a control column at step 1, then another column that fails alone later.
    const chain: ScenarioComparison = {
      ...sc,
      steps: ['s1', 's2', 's3'],
      columns: [col('ctl', 'EINVAL', 'ok', 'ok'), col('p', 'ok', 'EBUSY', 'ok'), col('q', 'ok', 'ok', 'ok'), col('r', 'ok', 'ok', 'blocks')],
    };
    expect(divergenceOf(chain)).toEqual({ step: 2, cannotRun: [{ variant: 'ctl', step: 0, outcome: 'EINVAL' }, { variant: 'p', step: 1, outcome: 'EBUSY' }] });
    expect(divergenceText(chain, 'design')).toBe('ctl cannot run this case (step 1: EINVAL); p cannot run this case (step 2: EBUSY). Among the designs that can run it, the first disagree at step 3.');
    expect(isFailure('EINVAL')).toBe(true);
    expect(isFailure('ok: lease dropped')).toBe(false);
    expect(isFailure('impossible')).toBe(true);
  });

  it('marks the first divergent row, says which column cannot run the case, and outlines the cells that depart from their row', () => {
    const html = scenarioHtml(sc);
    assertNested(html);
    expect(html.match(/<tr class="diverge">/g)).toHaveLength(1);
    expect(html).toMatch(/<tr class="differs"><td class="num">≠ 2<\/td>/);
    expect(html).toMatch(/<tr class="diverge"><td class="num">➤ 3<\/td>/);
    expect(html).toContain('<th class="cannot" title="cannot run this case: step 2 is EINVAL">three<small>cannot run this case</small></th>');
    expect(html).toContain('<td class="o o-err odd" title="three: &lt;EINVAL&gt;">EINVAL</td>');
    expect(html).toContain('<td class="o o-blocks odd"');
    expect(html).toContain('three cannot run this case (step 2: EINVAL). Among the columns that can run it, the first disagree at step 3.');
  });
});
