/**
 * A reduced search says so wherever its state count is shown: under symmetry the count is of orbits and
 * not comparable with a plain run's, and --safety-only leaves properties unchecked (a new user's audit
 * found both silent).
 */
import { describe, expect, it } from 'vitest';
import { check, type CheckSuccess } from '../../src/index.ts';
import { formatCheckText } from '../../src/report/checkReport.ts';
import { formatComparisonText } from '../../src/report/comparison.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { mutex } from '../fixtures/symmetricMutex.ts';

function ok(r: ReturnType<typeof check>): CheckSuccess {
  if (r.status === 'error') throw r.error;
  return r;
}

describe('what the search did, in every output that shows its state count', () => {
  const plain = ok(check(mutex({ live: true }), { scope: { n: 3 } }));
  const reduced = ok(check(mutex({ live: true }), { scope: { n: 3 }, symmetry: true, safetyOnly: true }));
  const words = 'searched with symmetry over processes: states are counted one per orbit; safety properties only: the liveness ones were not checked';

  it('check text and the comparison text: a line, only when the search was reduced', () => {
    expect(formatCheckText(reduced)).toContain(words);
    expect(formatCheckText(plain)).not.toContain('searched with');
    expect(formatComparisonText([{ name: 'm', result: reduced }])).toContain(words);
    expect(formatComparisonText([{ name: 'm', result: plain }])).not.toContain('searched with');
  });

  it('the report, Markdown and HTML, next to the scope', () => {
    const files = comparisonFiles({ title: 't', rows: [{ name: 'm', result: reduced }] });
    expect(files['comparison.md']).toContain('Searched with symmetry over processes: states are counted one per orbit; safety properties only: the liveness ones were not checked.');
    expect(files['comparison.html']).toContain('Searched with symmetry over processes: states are counted one per orbit');
    expect(comparisonFiles({ title: 't', rows: [{ name: 'm', result: plain }] })['comparison.md']).not.toContain('Searched with');
  });
});
