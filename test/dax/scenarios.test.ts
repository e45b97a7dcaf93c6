import { describe, expect, it } from 'vitest';
import { replayTrace, traceOf } from '../../src/index.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { loadScenario, scenarioFiles } from '../../specs/dax/scenario/files.ts';
import { runScenario, unmetExpectations } from '../../specs/dax/scenario/run.ts';
import { parseScenario } from '../../specs/dax/scenario/parse.ts';
import { OPTION_NAMES } from '../../specs/dax/names.ts';
import { LeasecheckError } from '../../src/errors.ts';

const files = scenarioFiles();

describe('the named cases', () => {
  it('ships the nine cases of the thread and the thirteen of issue 17, each citing its source', () => {
    expect(files).toHaveLength(22);
    for (const f of files) expect(f.scenario.source, f.name).toMatch(/(Aug|Sep|Jun) \d+/);
  });

  it('every scope option of issue 17 has a named scenario that turns it on', () => {
    for (const opt of OPTION_NAMES) {
      const on = files.filter((f) => f.scenario.scope[opt] === 1).map((f) => f.name);
      expect(on.length, opt).toBeGreaterThan(0);
    }
  });

  for (const { name, scenario } of files) {
    for (const design of DESIGNS) {
      it(`${name} under ${design.id}: the outcomes the thread states, replayed on real actors`, () => {
        const run = runScenario(scenario, design);
        expect(unmetExpectations(scenario, run)).toEqual([]);
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

describe('the rule fixes, as scenarios', () => {
  it('rule fix 1: under killable, B\'s close of a new lease no longer waits for the pins A left behind', () => {
    const run = runScenario(loadScenario('10'), DESIGNS.find((d) => d.id === 'blocking-close-killable')!);
    expect(run.steps[12].outcome).toBe('ok');
    expect(run.steps[12].detail).toContain('the lease is released');
  });

  it('rule fix 2: passing the context before pinning violates the strict property in every design that pins, not the one-holder one', () => {
    const sc = loadScenario('11');
    for (const d of DESIGNS.filter((x) => x.id !== 'mainline-2019')) {
      const last = runScenario(sc, d).steps.at(-1)!;
      expect(last.violated, d.id).toContain('no-lease-less-pin-strict');
      expect(last.violated, d.id).not.toContain('no-lease-less-pin-one-holder');
    }
  });
});

describe('scenario files', () => {
  it('examples/scenarios/pass-before-pin: even no-pass lets B hold A\'s pins after A exits', () => {
    const sc = loadScenario('examples/scenarios/pass-before-pin.scenario');
    for (const design of DESIGNS) expect(unmetExpectations(sc, runScenario(sc, design)), design.id).toEqual([]);
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

  it('an unmet expectation is reported with its line, for outcomes and for properties', () => {
    const sc = parseScenario(
      'x',
      'A: open d\nA: F_SETLEASE fd10\nexpect zombie-lease: 2 EAGAIN\nexpect zombie-lease: 2 violates no-lease-less-pin-weak\nexpect zombie-lease: 2 satisfies no-such-property\n',
    );
    expect(sc.expectations[1].property).toEqual({ id: 'no-lease-less-pin-weak', holds: false });
    const run = runScenario(sc, DESIGNS.find((d) => d.id === 'zombie-lease')!);
    expect(unmetExpectations(sc, run)).toEqual([
      'line 3: step 2 (A: F_SETLEASE fd10) is ok, expected EAGAIN',
      'line 4: step 2 (A: F_SETLEASE fd10) satisfies no-lease-less-pin-weak, expected the opposite',
      'line 5: no-such-property is not an invariant of the model',
    ]);
  });

  it('the new operations need their scope option: without it the step is impossible, not an error', () => {
    const zombie = DESIGNS.find((d) => d.id === 'zombie-lease')!;
    const sc = parseScenario('x', 'A: open d\nA: fork B\nA: sendmsg fd10 to B\nB: recvmsg\nadmin: punch d block 0\nkernel: dereg mr0\n');
    expect(runScenario(sc, zombie).steps.map((s) => s.outcome)).toEqual(['ok', 'impossible', 'impossible', 'impossible', 'impossible', 'impossible']);
    expect(() => selectorOf('admin: punch d')).toThrow(/punch d block 1/);
  });
});

/** Runs a one-line scenario, for the selector's error messages. */
function selectorOf(line: string) {
  return runScenario(parseScenario('x', `${line}\n`), DESIGNS[0]);
}
