import { describe, expect, it } from 'vitest';
import { replayTrace, traceOf } from '../../src/index.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { loadScenario, scenarioFiles } from '../../specs/dax/scenario/files.ts';
import { runScenario } from '../../specs/dax/scenario/run.ts';
import { parseScenario } from '../../specs/dax/scenario/parse.ts';
import { LeasecheckError } from '../../src/errors.ts';

const files = scenarioFiles();

describe('the nine named cases', () => {
  it('ships nine scenarios, each citing its source', () => {
    expect(files).toHaveLength(9);
    for (const f of files) expect(f.scenario.source).toMatch(/(Aug|Sep|Jun) \d+/);
  });

  for (const { name, scenario } of files) {
    for (const design of DESIGNS) {
      it(`${name} under ${design.id}: the outcomes the thread states, replayed on real actors`, () => {
        const run = runScenario(scenario, design);
        for (const e of scenario.expectations) {
          if (e.designs !== '*' && !e.designs.includes(design.id)) continue;
          const step = run.steps[e.step - 1];
          expect(`step ${e.step} ${step.outcome}`).toMatch(new RegExp(`^step ${e.step} ${e.outcome.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        }
        replayTrace(run.system, traceOf(run.system, run.path));
      });
    }
  }

  it('every case has at least one expectation for every design', () => {
    for (const { name, scenario } of files) {
      for (const d of DESIGNS) {
        const has = scenario.expectations.some((e) => e.designs === '*' || e.designs.includes(d.id));
        expect(has, `${name} / ${d.id}`).toBe(true);
      }
    }
  });
});

describe('scenario files', () => {
  it('examples/scenarios/pass-before-pin: even no-pass lets B hold A\'s pins after A exits', () => {
    const sc = loadScenario('examples/scenarios/pass-before-pin.scenario');
    for (const design of DESIGNS) {
      const run = runScenario(sc, design);
      for (const e of sc.expectations) {
        if (e.designs !== '*' && !e.designs.includes(design.id)) continue;
        expect(`${design.id} step ${e.step}: ${run.steps[e.step - 1].outcome}`).toContain(`${design.id} step ${e.step}: ${e.outcome}`);
      }
    }
  });

  it('a malformed line is LC041 with its line number', () => {
    expect(() => parseScenario('bad.scenario', '# t\nA: open d\nthis is not a step\n')).toThrow(/bad\.scenario:3/);
    try {
      parseScenario('bad.scenario', 'A: open d\nexpect *: 9 ok\n');
    } catch (e) {
      expect((e as LeasecheckError).code).toBe('LC041');
    }
  });

  it('a step the design cannot take is reported as impossible, not crashed on', () => {
    const sc = parseScenario('x', 'A: open d\nA: F_SETLEASE fd10\nA: F_UNLCK fd10\nA: close fd10\n');
    const mainline = DESIGNS.find((d) => d.id === 'mainline-2019')!;
    const run = runScenario(sc, mainline);
    expect(run.steps.map((s) => s.outcome)).toEqual(['ok', 'EINVAL', 'impossible', 'ok']);
  });
});
