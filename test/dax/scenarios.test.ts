import { describe, expect, it } from 'vitest';
import { LeasecheckError, replayTrace, traceOf, withVariant, variantsOf } from '../../src/index.ts';
import { loadScenario, scenarioFiles } from '../../src/scenario/files.ts';
import { runScenario, unmetExpectations } from '../../src/scenario/run.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { OPTION_NAMES } from '../../specs/dax/names.ts';
import dax from '../../specs/dax.model.ts';

const files = scenarioFiles(dax);
const DESIGNS = variantsOf(dax).map((v) => v.id);
const design = (id: string) => withVariant(dax, id);

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

describe('the rule fixes of issue 17, as scenarios', () => {
  it("rule fix 1: under killable, B's close of a new lease no longer waits for the pins A left behind", () => {
    const run = runScenario(loadScenario(dax, '10'), design('blocking-close-killable'));
    expect(run.steps[12].outcome).toBe('ok');
    expect(run.steps[12].detail).toContain('the lease is released');
  });

  it('rule fix 2: passing the context before pinning violates the strict property in every design that pins, not the one-holder one', () => {
    const sc = loadScenario(dax, '11');
    for (const id of DESIGNS.filter((x) => x !== 'mainline-2019')) {
      const last = runScenario(sc, design(id)).steps.at(-1)!;
      expect(last.violated, id).toContain('no-lease-less-pin-strict');
      expect(last.violated, id).not.toContain('no-lease-less-pin-one-holder');
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

  it('an fd, file, MR or block the scenario\'s scope does not have is LC041, not a step the design refuses', () => {
    const cases: [string, RegExp][] = [
      ['A: mmap fd12', /no fd 12 at this scope \(fds: 10, 11, 15, 16\)/],
      ['A: open e', /no file e at this scope \(files: d\)/],
      ['A: ibv_dereg_mr mr2', /no MR mr2 at this scope \(MRs: mr0, mr1\)/],
      ['A: ibv_reg_mr fd15 block 1 -> mr0', /no block 1 at this scope \(blocks: 0\)/],
      ['A: ibv_reg_mr fd15 block 0 -> mr7', /no MR mr7/],
      ['admin: truncate e', /no file e/],
      ['admin: punch d block 4', /no block 4/],
      ['A: sendmsg fd15 to C', /no process C in this scope \(processes: A, B\)/],
    ];
    for (const [line, why] of cases) {
      const sc = parseScenario('x', `A: open d\n${line}\n`);
      let err: unknown;
      try {
        runScenario(sc, design('zombie-lease'));
      } catch (e) {
        err = e;
      }
      expect((err as LeasecheckError)?.code, line).toBe('LC041');
      expect((err as Error).message, line).toMatch(why);
      expect((err as Error).message, line).toContain('line 2');
    }
    // The same names are fine where the scope has them (a second file: fd 12, file e).
    const wide = parseScenario('x', 'scope: files=2\nA: open e\nA: mmap fd12\n');
    expect(runScenario(wide, design('zombie-lease')).steps.map((s) => s.outcome)).toEqual(['ok', 'ok']);
    // A number written with a leading zero is the same block.
    const zero = parseScenario('x', 'A: open uverbs\nA: open d\nA: F_SETLEASE fd10\nA: mmap fd10\nA: ibv_reg_mr fd15 block 00 -> mr0\n');
    expect(runScenario(zero, design('zombie-lease')).steps.map((s) => s.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
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

  it('an expectation on an invariant: met, unmet with its line, and LC040 for a property that is no invariant', () => {
    const sc = parseScenario('x', 'A: open d\nA: F_SETLEASE fd10\nexpect zombie-lease: 2 satisfies no-lease-less-pin-weak\nexpect zombie-lease: 2 violates no-lease-less-pin-weak\n');
    expect(sc.expectations[1].property).toEqual({ id: 'no-lease-less-pin-weak', holds: false });
    const run = runScenario(sc, design('zombie-lease'));
    expect(unmetExpectations(sc, [run], DESIGNS).map((u) => u.line)).toEqual([4]);
    const typo = parseScenario('x', 'A: open d\nexpect *: 1 violates no-lease-less-pin-wek\n');
    expect(() => unmetExpectations(typo, [runScenario(typo, design('zombie-lease'))], DESIGNS)).toThrow(/no-lease-less-pin-wek/);
  });

  it('the operations of the scope options are impossible without the option, not an error', () => {
    const sc = parseScenario('x', 'A: open d\nA: fork B\nA: sendmsg fd10 to B\nB: recvmsg\nadmin: punch d block 0\nkernel: dereg mr0\n');
    expect(runScenario(sc, design('zombie-lease')).steps.map((s) => s.outcome)).toEqual(['ok', 'impossible', 'impossible', 'impossible', 'impossible', 'impossible']);
    expect(() => runScenario(parseScenario('x', 'admin: punch d\n'), design('zombie-lease'))).toThrow(/punch d block 1/);
  });
});
