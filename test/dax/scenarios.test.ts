import { describe, expect, it } from 'vitest';
import { LeasecheckError, replayTrace, traceOf, withVariant, variantsOf } from '../../src/index.ts';
import { loadScenario, scenarioFiles } from '../../src/scenario/files.ts';
import { runScenario, unmetExpectations } from '../../src/scenario/run.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import dax from '../../specs/dax.model.ts';

const files = scenarioFiles(dax);
const DESIGNS = variantsOf(dax).map((v) => v.id);
const design = (id: string) => withVariant(dax, id);

describe('the nine named cases', () => {
  it('ships nine scenarios, each citing its source', () => {
    expect(files).toHaveLength(9);
    for (const f of files) expect(f.scenario.source).toMatch(/(Aug|Sep|Jun) \d+/);
  });

  for (const { name, scenario } of files) {
    for (const id of DESIGNS) {
      it(`${name} under ${id}: the outcomes the thread states, replayed on real actors`, () => {
        const run = runScenario(scenario, design(id));
        expect(unmetExpectations(scenario, [run], DESIGNS)).toEqual([]);
        replayTrace(run.system, traceOf(run.system, run.path));
      });
    }
  }

  it('every case has at least one expectation for every design', () => {
    for (const { name, scenario } of files) {
      for (const d of DESIGNS) {
        const has = scenario.expectations.some((e) => e.variants === '*' || e.variants.includes(d));
        expect(has, `${name} / ${d}`).toBe(true);
      }
    }
  });
});

describe('scenario files', () => {
  it("examples/scenarios/pass-before-pin: even no-pass lets B hold A's pins after A exits", () => {
    const sc = loadScenario(dax, 'examples/scenarios/pass-before-pin.scenario');
    const runs = DESIGNS.map((id) => runScenario(sc, design(id)));
    expect(unmetExpectations(sc, runs, DESIGNS)).toEqual([]);
  });

  it('a malformed line is LC041 with its line number', () => {
    expect(() => parseScenario('bad.scenario', '# t\nA: open d\nexpect oops\n')).toThrow(/bad\.scenario:3/);
    try {
      parseScenario('bad.scenario', 'A: open d\nexpect *: 9 ok\n');
      expect.unreachable();
    } catch (e) {
      expect((e as LeasecheckError).code).toBe('LC041');
    }
    // A line that is neither an action label nor the DAX language fails when run, naming its line.
    const sc = parseScenario('x', 'A: open d\nthis is not a step\n');
    expect(() => runScenario(sc, design('zombie-lease'))).toThrow(/line 2/);
  });

  it('an expect line naming a design the model does not have is LC040', () => {
    const sc = parseScenario('x', 'A: open d\nexpect zombie-leese: 1 ok\n');
    expect(() => unmetExpectations(sc, [runScenario(sc, design('zombie-lease'))], DESIGNS)).toThrow(/zombie-leese/);
  });

  it('a step the design cannot take is reported as impossible, not crashed on', () => {
    const sc = parseScenario('x', 'A: open d\nA: F_SETLEASE fd10\nA: F_UNLCK fd10\nA: close fd10\n');
    const run = runScenario(sc, design('mainline-2019'));
    expect(run.steps.map((s) => s.outcome)).toEqual(['ok', 'EINVAL', 'impossible', 'ok']);
  });

  it('a step may be an action label as the checker prints it', () => {
    const sc = parseScenario('x', 'A: open(d) = fd10\nA: close fd10\n');
    const run = runScenario(sc, design('zombie-lease'));
    expect(run.steps.map((s) => s.outcome)).toEqual(['ok', 'ok']);
    expect(run.steps[0].detail).toBe('A: open(d) = fd10');
  });
});
