/**
 * A trace found under partial-order reduction and not confirmed shortest (PropertyResult.shortest
 * false) is never called shortest: not in the Markdown or HTML headings, and comparison.json says
 * `shortest: false` (the schema: shortest unless false). Before, the legend said so but every heading
 * read "Shortest counterexample" and the JSON left the field out.
 */
import { describe, expect, it } from 'vitest';
import { always, defineSystem, joint, sometimes } from '../../src/index.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { formatComparisonText } from '../../src/report/comparison.ts';
import type { ComparisonReport } from '../../src/report/reportModel.ts';
import { checked, counter } from './fixtures.ts';

const sys = defineSystem({
  name: 'upto3',
  build: () => ({
    actors: { a: { machine: counter } },
    actions: [joint({ name: 'inc', steps: () => ({ actor: 'a', event: { type: 'INC' } }), label: () => 'a: inc', guard: (s) => s.a.context.n < 3 })],
    properties: [always('small', (s) => s.a.context.n < 2), sometimes('one', (s) => s.a.context.n === 1)],
    checkDeadlock: false,
  }),
});

function filesWith(shortest: boolean | undefined) {
  const result = checked(sys);
  const small = result.properties.find((p) => p.id === 'small')!;
  if (shortest === undefined) delete small.shortest;
  else small.shortest = shortest;
  const report: ComparisonReport = { title: 'upto3', rows: [{ name: 'only', result }] };
  return comparisonFiles(report);
}

describe('a counterexample not known to be shortest', () => {
  it('is headed "Counterexample (not known to be shortest ...)" in Markdown and HTML, and shortest: false in the JSON', () => {
    const files = filesWith(false);
    expect(files['comparison.md']).toContain('Counterexample (not known to be shortest: found under partial-order reduction), 2 steps:');
    expect(files['comparison.html']).toContain('<p>Counterexample (not known to be shortest: found under partial-order reduction), 2 steps:</p>');
    // The witness, found by the plain search, is still a shortest one.
    expect(files['comparison.md']).toContain('Shortest witness, 1 step:');
    expect(files['comparison.md']).not.toContain('Shortest counterexample');
    const doc = JSON.parse(files['comparison.json']);
    const props = doc.variants[0].properties as { id: string; shortest?: boolean }[];
    expect(props.find((p) => p.id === 'small')!.shortest).toBe(false);
    expect(props.find((p) => p.id === 'one')!.shortest).toBeUndefined();
  });

  it('its matrix cell says so: "(2 steps, not known to be shortest)" in Markdown, "VIOLATED(2*)" with a footnote on the terminal', () => {
    const files = filesWith(false);
    expect(files['comparison.md']).toContain('violated (2 steps, not known to be shortest)');
    const result = checked(sys);
    result.properties.find((p) => p.id === 'small')!.shortest = false;
    const text = formatComparisonText([{ name: 'only', result }]);
    expect(text).toContain('VIOLATED(2*)');
    expect(text).toContain('(N*): a counterexample of N steps found under partial-order reduction, not known to be shortest');
    // The columns stay aligned when the mark makes a cell wider than the property's name: VIOLATED(11*).
    const long = checked(defineSystem({
      name: 'upto12',
      build: () => ({
        actors: { a: { machine: counter } },
        actions: [joint({ name: 'inc', steps: () => ({ actor: 'a', event: { type: 'INC' } }), guard: (s) => s.a.context.n < 12 })],
        properties: [always('small', (s) => s.a.context.n < 11)],
        checkDeadlock: false,
      }),
    }));
    long.properties[0].shortest = false;
    const [head, row] = formatComparisonText([{ name: 'only', result: long }]).split('\n');
    expect(row).toContain('VIOLATED(11*)');
    expect(row.search(/\d[\d,]* in /)).toBe(head.indexOf('states'));
    const plain = formatComparisonText([{ name: 'only', result: checked(sys) }]);
    expect(plain).toContain('VIOLATED(2) ');
    expect(plain).not.toContain('(N*)');
  });

  it('a shortest one keeps its heading, and the JSON leaves the field out', () => {
    for (const files of [filesWith(true), filesWith(undefined)]) {
      expect(files['comparison.md']).toContain('Shortest counterexample, 2 steps:');
      expect(files['comparison.html']).toContain('<p>Shortest counterexample, 2 steps:</p>');
      expect(JSON.parse(files['comparison.json']).variants[0].properties[0].shortest).toBeUndefined();
    }
  });
});
