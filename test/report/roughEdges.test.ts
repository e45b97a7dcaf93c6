/**
 * The report's rough edges a reviewer tripped on (issue 16): the violating state marked, lanes only
 * for actors that act, fields as the spec presents them, the first divergence among the designs that
 * can run a case (scenarioTable.test.ts), property descriptions in the matrix, witness cells linked
 * to their diagrams, and a versioned comparison.json.
 */
import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { always, defineSystem, joint, sometimes } from '../../src/index.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { marksOf, traceViewOf, type ComparisonReport } from '../../src/report/reportModel.ts';
import { sequenceOf } from '../../src/report/sequence.ts';
import { sequenceToSvg } from '../../src/report/svgSequence.ts';
import { sequenceToMermaid } from '../../src/report/mermaid.ts';
import { stepTableOf } from '../../src/report/stepTable.ts';
import { stepTableHtml } from '../../src/report/htmlTables.ts';
import { stepTable as stepTableMd } from '../../src/report/markdownReport.ts';
import { SCHEMA_VERSION } from '../../src/report/schema.ts';
import { readableText } from '../../src/report/valueText.ts';
import { checked } from './fixtures.ts';
import { assertNested } from './wellFormed.ts';

const counter = setup({ types: { context: {} as { name: string; n: number; phys: number | null }, input: {} as { name: string }, events: {} as { type: 'INC' } } }).createMachine({
  id: 'counter',
  context: ({ input }) => ({ name: input.name, n: 0, phys: null }),
  initial: 'on',
  states: { on: { on: { INC: { actions: assign({ n: ({ context }) => context.n + 1, phys: 7 }) } } } },
});

/** Two counters; only `a` ever acts. The invariant breaks at n = 2, the witness is n = 1. */
const pair = defineSystem({
  name: 'pair',
  build: () => ({
    actors: { a: { machine: counter, input: { name: 'a' } }, idle: { machine: counter, input: { name: 'idle' } } },
    actions: [joint({ name: 'inc', steps: () => ({ actor: 'a', event: { type: 'INC' } }), label: () => 'a: inc', guard: (s) => s.a.context.n < 3 })],
    properties: [
      always('small', (s) => s.a.context.n < 2, { description: 'a counts below two' }),
      sometimes('one', (s) => s.a.context.n === 1, { description: 'a reaches one' }),
    ],
    checkDeadlock: false,
  }),
  present: { fields: { counter: { name: { hidden: true }, phys: { label: 'physical', description: 'the block it writes to' } } } },
});
const result = checked(pair);
const small = result.properties.find((p) => p.id === 'small')!;
const one = result.properties.find((p) => p.id === 'one')!;
const report: ComparisonReport = { title: 'pair', rows: [{ name: 'only', result }], fields: pair.present.fields };

describe('the violating state of an invariant is marked', () => {
  it('in the step table, at the state that breaks it, with the description', () => {
    const t = stepTableOf(result.system, small.trace!, traceViewOf(report, small));
    expect(t.marks).toEqual([{ at: 2, kind: 'violated', property: 'small', description: 'a counts below two' }]);
    const html = stepTableHtml(t);
    assertNested(html);
    expect(html).toMatch(/<tr class="marked"><td class="num">2<\/td><td class="act">a: inc<strong class="mark">✗ small is false here: a counts below two<\/strong>/);
    expect(stepTableMd(t).join('\n')).toContain('| 2 | a: inc **✗ small is false here: a counts below two** |');
  });

  it('in the SVG and Mermaid diagrams, after the step that reaches it', () => {
    const d = sequenceOf(result.system, small.trace!, traceViewOf(report, small));
    const svg = sequenceToSvg(d);
    expect(svg).toContain('<rect class="mark"');
    expect(svg).toContain('✗ small is false here: a counts below two');
    expect(sequenceToMermaid(d).split('\n').pop()).toBe('  Note over L0: ✗ small is false here: a counts below two');
  });

  it('and a witness marks the state it reaches; a liveness lasso marks none', () => {
    expect(marksOf(one)).toEqual([{ at: 1, kind: 'witnessed', property: 'one', description: 'a reaches one' }]);
    expect(marksOf({ id: 'x', kind: 'eventually', verdict: 'violated', trace: small.trace })).toEqual([]);
  });
});

describe('lanes and fields', () => {
  it('draws no lane for an actor that never acts nor changes', () => {
    const d = sequenceOf(result.system, small.trace!);
    expect(d.lanes.map((l) => l.title)).toEqual(['a']);
    expect(sequenceToSvg(d)).not.toContain('>idle<');
  });

  it('hides the fields the spec hides, shows the others by their labels, and lists their descriptions', () => {
    const t = stepTableOf(result.system, small.trace!, { fields: pair.present.fields });
    expect(t.columns[0].initial.fields).toEqual([{ field: 'n', value: '0' }, { field: 'physical', value: 'null' }]);
    expect(t.rows[0].changes[0]!.fields).toEqual([{ field: 'n', from: '0', to: '1' }, { field: 'physical', from: 'null', to: '7' }]);
    expect(t.legend).toEqual([{ field: 'physical', description: 'the block it writes to' }]);
    expect(stepTableHtml(t)).toContain('<p class="legend fields"><strong>physical</strong>: the block it writes to.</p>');
    const notes = sequenceOf(result.system, small.trace!, { fields: pair.present.fields }).steps[0].notes[0].lines;
    expect(notes).toEqual(['a: on, n=1, physical=7']);
  });

  it('shows values as a reviewer reads them, quoting only what could be misread', () => {
    expect(readableText({ 10: 'A.d', 15: 'A.ctx' })).toBe('{10: A.d, 15: A.ctx}');
    expect(readableText(['d[0]', 'free', 'null', '12', ''])).toBe('[d[0], free, "null", "12", ""]');
    expect(readableText(new Set(['b', 'a']))).toBe('[a, b]');
    expect(readableText({ 'a b': 1, 'x:y': 2 })).toBe('{a b: 1, "x:y": 2}');
    expect(readableText(5n)).toBe('5n');
  });
});

describe('the matrix', () => {
  const files = comparisonFiles(report);
  it('puts each property\'s kind and description in its header (HTML) and under the matrix (Markdown)', () => {
    expect(files['comparison.html']).toContain('<th class="prop" title="invariant: a counts below two">small<small>invariant: a counts below two</small></th>');
    expect(files['comparison.md']).toContain('- **small** (invariant): a counts below two');
    expect(files['comparison.md']).toContain('- **one** (witness): a reaches one');
  });

  it('links a witness cell to the witness\'s diagram, which is drawn with the reached state marked', () => {
    const html = files['comparison.html'];
    expect(html).toContain('<td class="v v-holds"><a href="#only--one">✓ holds<small>witness, 1 step</small></a><small><a href="traces/only/one.itf.json">ITF</a></small></td>');
    expect(html).toContain('<h2 id="witnesses">Witnesses</h2>');
    expect(html).toMatch(/<section class="finding" id="only--one">[\s\S]*?<svg [\s\S]*?✓ one is reached here: a reaches one/);
    expect(files['comparison.md']).toContain('[✅ holds (witness, 1 step)](#only--one) [ITF](traces/only/one.itf.json)');
  });

  it('comparison.json names its schema and version', () => {
    const doc = JSON.parse(files['comparison.json']);
    expect(doc.schema).toBe('leasecheck/comparison');
    expect(doc.schemaVersion).toBe(SCHEMA_VERSION);
    expect(doc.properties).toEqual([{ id: 'small', kind: 'always', description: 'a counts below two' }, { id: 'one', kind: 'sometimes', description: 'a reaches one' }]);
  });
});
