/**
 * A one-step trace reads "1 step", not "1 steps": in check's text, the Markdown and HTML reports, and
 * simulate's text. A counter whose first increment breaks `zero` and witnesses `one`.
 */
import { describe, expect, it } from 'vitest';
import { always, defineSystem, joint, sometimes } from '../../src/index.ts';
import { formatCheckText } from '../../src/report/checkReport.ts';
import { comparisonFiles } from '../../src/report/reportFiles.ts';
import { simulateSystem } from '../../src/sim/simulate.ts';
import { formatSimulationText } from '../../src/sim/report.ts';
import { counted } from '../../src/util/plural.ts';
import { checked, counter } from './fixtures.ts';

const sys = defineSystem({
  name: 'onestep',
  build: () => ({
    actors: { a: { machine: counter } },
    actions: [joint({ name: 'inc', steps: () => ({ actor: 'a', event: { type: 'INC' } }), label: () => 'a: inc', guard: (s) => s.a.context.n < 2 })],
    properties: [always('zero', (s) => s.a.context.n === 0), sometimes('one', (s) => s.a.context.n === 1)],
    checkDeadlock: false,
  }),
});

describe('one step, singular', () => {
  it('counted: singular for one only', () => {
    expect([0, 1, 2].map((n) => counted(n, 'step'))).toEqual(['0 steps', '1 step', '2 steps']);
    expect(counted(1234, 'shrink attempt', '1,234')).toBe('1,234 shrink attempts');
  });

  it('check text: the table and the trace headings', () => {
    const text = formatCheckText(checked(sys));
    expect(text).toContain('counterexample: 1 step\n');
    expect(text).toContain('witness in 1 step\n');
    expect(text).toContain('shortest counterexample, 1 step (replay key 0):');
    expect(text).toContain('shortest witness, 1 step (replay key 0):');
    expect(text).not.toMatch(/\b1 steps\b/);
  });

  it('Markdown and HTML reports', () => {
    const files = comparisonFiles({ title: 'onestep', rows: [{ name: 'only', result: checked(sys) }] });
    for (const [name, body] of Object.entries(files)) if (typeof body === 'string') expect(body, name).not.toMatch(/\b1 steps\b/);
    expect(files['comparison.md']).toContain('1 step');
  });

  it('simulate text: the table, the headings, and a one-step run depth', () => {
    const text = formatSimulationText(simulateSystem(sys, { seed: 1, runs: 50, depth: 1 }));
    expect(text).toContain('of up to 1 step:');
    expect(text).toMatch(/counterexample: 1 step \(shrunk from 1, run \d+\)/);
    expect(text).toContain('shrunk counterexample, 1 step (the random run');
    expect(text).toContain('longest run 1 step,');
    expect(text).not.toMatch(/\b1 steps\b/);
  });
});
