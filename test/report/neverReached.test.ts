/**
 * A witness property no reachable state satisfies (a `sometimes` the complete search never reached)
 * has no trace: the report lists it under Witnesses, not among the counterexamples, and words it the
 * same way in the matrix legend, the section and both formats.
 */
import { describe, expect, it } from 'vitest';
import { always, defineSystem, joint, sometimes } from '../../src/index.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { counterexamples, findings, NEVER_REACHED_TEXT, witnesses, type ComparisonReport } from '../../src/report/reportModel.ts';
import { checked, counter } from './fixtures.ts';
import { assertNested } from './wellFormed.ts';

/** The counter stops at 3: `small` breaks at 2, `five` is never reached, `one` is witnessed. */
const sys = defineSystem({
  name: 'upto3',
  build: () => ({
    actors: { a: { machine: counter } },
    actions: [joint({ name: 'inc', steps: () => ({ actor: 'a', event: { type: 'INC' } }), label: () => 'a: inc', guard: (s) => s.a.context.n < 3 })],
    properties: [
      always('small', (s) => s.a.context.n < 2, { description: 'a counts below two' }),
      sometimes('five', (s) => s.a.context.n === 5, { description: 'a reaches five' }),
      sometimes('one', (s) => s.a.context.n === 1, { description: 'a reaches one' }),
    ],
    checkDeadlock: false,
  }),
});
const report: ComparisonReport = { title: 'upto3', rows: [{ name: 'only', result: checked(sys), explain: (id) => (id === 'five' ? 'It stops at three.' : undefined) }] };
const files = comparisonFiles(report);
const md = files['comparison.md'];
const html = files['comparison.html'];

describe('a witness never reached', () => {
  it('is a violation (the Why list) but not a counterexample: it is listed with the witnesses', () => {
    expect(findings(report).map((f) => f.property.id)).toEqual(['small', 'five']);
    expect(counterexamples(report).map((f) => f.property.id)).toEqual(['small']);
    expect(witnesses(report).map((f) => f.property.id)).toEqual(['five', 'one']);
  });

  it('Markdown: its section sits under Witnesses, says so in one sentence, and the Why list does not call it a trace', () => {
    const section = md.indexOf('<a id="only--five"></a>');
    expect(section).toBeGreaterThan(md.indexOf('## Witnesses'));
    expect(md.slice(md.indexOf('## Counterexamples'), md.indexOf('## Witnesses'))).not.toContain('only / five');
    expect(md.slice(section)).toContain(`It stops at three.\n\n- ${NEVER_REACHED_TEXT.replace(/[()]/g, '\\$&')}`);
    expect(md).not.toContain('no reachable state satisfies it');
    expect(md).toContain('- **only / five** ([never reached](#only--five)): It stops at three.');
    expect(md).toContain('[❌ violated (never reached)](#only--five)');
    expect(md).toContain('· never reached: no reachable state satisfies the witness property (checked completely; under Witnesses).');
  });

  it('HTML: the same place and words', () => {
    assertNested(html);
    const section = html.indexOf('<section class="finding" id="only--five">');
    expect(section).toBeGreaterThan(html.indexOf('<h2 id="witnesses">'));
    expect(html.slice(section)).toMatch(/^[^]*?<li>No reachable state: never reached \(checked completely\)\.<\/li>/);
    expect(html).toContain('never reached: no reachable state satisfies the witness property (checked completely; under Witnesses)');
  });
});
