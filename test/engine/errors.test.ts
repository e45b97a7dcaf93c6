/** Bad input never throws out of check(): it comes back as { status: 'error', error } with a stable code. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assign, createMachine, fromPromise, setup, spawnChild } from 'xstate';
import { always, check, checkAsync, compileSystem, defineSystem, joint, LeasecheckError, replayTrace, sometimes, traceToJSON } from '../../src/index.ts';
import type { CheckResult } from '../../src/engine/check.ts';
import type { SystemModel } from '../../src/spec/system.ts';
import mutex from '../../examples/mutex.model.ts';
import { chainSystem } from '../fixtures/small.ts';
import { ok, prop, replayAll } from '../support/replayAll.ts';

function sys(build: () => SystemModel) {
  return defineSystem({ name: 'bad', build });
}

/** The error code of a check() result that must be an error, and its message. */
function errorOf(r: CheckResult): { code: string; message: string } {
  if (r.status !== 'error') throw new Error(`expected an error, got status ${r.status}`);
  expect(r.error).toBeInstanceOf(LeasecheckError);
  return { code: r.error.code, message: r.error.message };
}

const plain = createMachine({ id: 'plain', initial: 'a', states: { a: { on: { GO: 'b' } }, b: { on: { GO: 'a' } } } });
const goAction = joint({ name: 'go', steps: () => ({ actor: 'a', event: { type: 'GO' } }) });
/** One actor `a` running `machine`, one action sending it GO. */
const single = (machine: any, extra: Partial<SystemModel> = {}) => sys(() => ({ actors: { a: { machine } }, actions: [goAction], ...extra }));

describe('bad scope (LC002)', () => {
  it('an undeclared scope key is LC002 and the message lists the declared ones', () => {
    // @ts-expect-error the mutex has no parameter `processes` (a compile error too)
    const e = errorOf(check(mutex, { scope: { processes: 3 } }));
    expect(e.code).toBe('LC002');
    expect(e.message).toContain('processes');
    expect(e.message).toContain('broken');
  });

  it('a value above the maximum, below the minimum, or not an integer is LC002', () => {
    expect(errorOf(check(mutex, { scope: { broken: 2 } })).code).toBe('LC002');
    expect(errorOf(check(mutex, { scope: { broken: -1 } })).code).toBe('LC002');
    expect(errorOf(check(mutex, { scope: { broken: 0.5 } })).code).toBe('LC002');
  });
});

describe("check()'s own arguments", () => {
  it('what is not a system is LC013, options that are not an object or a limit out of range LC003, for check and checkAsync', async () => {
    const bad: [unknown, unknown, string][] = [
      [{}, {}, 'LC013'],
      [null, {}, 'LC013'],
      [mutex, null, 'LC003'],
      [mutex, { maxStates: -1 }, 'LC003'],
      [mutex, { maxStates: 1.5 }, 'LC003'],
      [mutex, { maxDepth: -1 }, 'LC003'],
      [mutex, { timeoutMs: 0 }, 'LC003'],
      [mutex, { maxMemoryBytes: Number.NaN }, 'LC003'],
      [mutex, { workers: '2' }, 'LC003'],
    ];
    for (const [system, options, code] of bad) {
      expect(errorOf(check(system as typeof mutex, options as object)).code, JSON.stringify(options)).toBe(code);
      expect(errorOf(await checkAsync(system as typeof mutex, options as object)).code, JSON.stringify(options)).toBe(code);
    }
    // The limits the CLI accepts are accepted here too (maxDepth 0: the initial state only).
    expect(check(mutex, { maxStates: 10, maxDepth: 0, timeoutMs: 5000 }).status).not.toBe('error');
    expect(check(mutex, { maxStates: Infinity }).status).toBe('complete');
  });
});

describe('a trace given with another compiled system than the one that found it', () => {
  it('replayTrace and traceToJSON say LC030 (use the result\'s own system), not a TypeError', () => {
    const r = check(mutex, { scope: { broken: 1 } });
    if (r.status === 'error') throw r.error;
    const trace = r.properties.find((p) => p.verdict === 'violated')!.trace!;
    expect(() => replayTrace(r.system, trace)).not.toThrow();
    for (const f of [() => replayTrace(compileSystem(mutex, { broken: 1 }), trace), () => traceToJSON(compileSystem(mutex, { broken: 1 }), trace)]) {
      expect(f).toThrow(LeasecheckError);
      expect(f).toThrow(/does not belong to this compiled system/);
    }
  });
});

describe('malformed systems (LC013)', () => {
  it('build() throwing is LC013 with the thrown message', () => {
    const e = errorOf(check(sys(() => { throw new Error('no such knob'); })));
    expect(e).toEqual({ code: 'LC013', message: expect.stringContaining('no such knob') });
  });

  it('build() returning no actors or actions is LC013', () => {
    expect(errorOf(check(sys(() => null as any))).code).toBe('LC013');
    expect(errorOf(check(sys(() => ({ actors: {}, actions: [] })))).code).toBe('LC013');
    expect(errorOf(check(sys(() => ({ actors: { a: { machine: plain } } } as any)))).code).toBe('LC013');
  });

  it('a joint action naming an unknown actor is LC013 naming it', () => {
    const e = errorOf(check(sys(() => ({
      actors: { a: { machine: plain } },
      actions: [joint({ name: 'ghostly', steps: () => [{ actor: 'a', event: { type: 'GO' } }, { actor: 'ghost', event: { type: 'GO' } }] })],
    }))));
    expect(e.code).toBe('LC013');
    expect(e.message).toContain('ghost');
  });

  it('an actor that is not an XState machine, duplicate action or property names, an event without a type: LC013', () => {
    expect(errorOf(check(sys(() => ({ actors: { a: { machine: {} as any } }, actions: [] })))).code).toBe('LC013');
    expect(errorOf(check(sys(() => ({ actors: { a: { machine: plain } }, actions: [goAction, goAction] })))).code).toBe('LC013');
    expect(errorOf(check(single(plain, { properties: [always('p', () => true), sometimes('p', () => true)] }))).code).toBe('LC013');
    expect(errorOf(check(sys(() => ({
      actors: { a: { machine: plain } },
      actions: [joint({ name: 'untyped', steps: () => ({ actor: 'a', event: {} as any }) })],
    })))).code).toBe('LC013');
  });

  it('a scope parameter without an integer default, or with a default outside its range, is LC013 from defineSystem', () => {
    const declare = (params: unknown) => () => defineSystem({ name: 'p', params: params as never, build: () => ({ actors: { a: { machine: plain } }, actions: [goAction] }) });
    const cases: [unknown, RegExp][] = [
      [{ n: { min: 2, max: 4 } }, /scope parameter n needs an integer default \(got none\)/],
      [{ n: { default: '2' } }, /needs an integer default \(got "2"\)/],
      [{ n: { default: 1.5 } }, /needs an integer default \(got 1\.5\)/],
      [{ n: { default: 1, min: 2 } }, /its default 1 is outside its range 2\.\.∞/],
      [{ n: { default: 2, max: 'x' } }, /max must be a number \(got "x"\)/],
      [{ n: { default: 2, min: Number.NaN } }, /min must be a number \(got NaN\)/],
      [{ n: 3 }, /scope parameter n must be \{ default/],
      [[], /params must be an object/],
    ];
    for (const [params, why] of cases) {
      expect(declare(params), JSON.stringify(params)).toThrow(why);
      try {
        declare(params)();
      } catch (e) {
        expect((e as LeasecheckError).code).toBe('LC013');
      }
    }
    // Before, build() saw scope.n undefined: zero participants, and every invariant "held".
    expect(declare({ n: { default: 2, min: 1, max: 3 } })).not.toThrow();
    expect(declare({ n: { default: 0, min: -Infinity, max: Infinity } })).not.toThrow();
  });

  // A null or undefined actor declaration is bad input, not a crash.
  it('an actor declared as null is LC013, not a thrown TypeError', () => {
    const r = check(sys(() => ({ actors: { a: null as any }, actions: [] })));
    expect(errorOf(r).code).toBe('LC013');
  });
});

describe('throwing guards, predicates, constraints and machines', () => {
  it('a joint-action guard throwing is LC021', () => {
    const e = errorOf(check(sys(() => ({
      actors: { a: { machine: plain } },
      actions: [joint({ name: 'go', guard: () => { throw new Error('guard exploded'); }, steps: () => ({ actor: 'a', event: { type: 'GO' } }) })],
    }))));
    expect(e.code).toBe('LC021');
    expect(e.message).toContain('guard exploded');
  });

  it('a property predicate throwing is LC022 naming the property', () => {
    const e = errorOf(check(single(plain, { properties: [always('fragile', (s) => (s.a.context as any).missing.field === 1)] })));
    expect(e.code).toBe('LC022');
    expect(e.message).toContain('fragile');
  });

  it('a predicate that throws only in a later state is still LC022', () => {
    const r = check(chainSystem(5, {}, [always('late', (s) => { if (s.c.context.n === 4) throw new Error('four'); return true; })]));
    expect(errorOf(r)).toEqual({ code: 'LC022', message: expect.stringContaining('four') });
  });

  it('the state constraint throwing is LC023', () => {
    expect(errorOf(check(chainSystem(5, { constraint: () => { throw new Error('c'); } }))).code).toBe('LC023');
  });

  it('a machine whose assign action throws is LC020', () => {
    const m = createMachine({ initial: 'a', context: { x: 0 }, states: { a: { on: { GO: { target: 'b', actions: assign({ x: () => { throw new Error('assign exploded'); } }) } } }, b: {} } });
    const e = errorOf(check(single(m)));
    expect(e.code).toBe('LC020');
    expect(e.message).toContain('assign exploded');
  });

  it('a machine whose own guard throws is LC020 with what it threw (XState puts that on a second line)', () => {
    const m = createMachine({ initial: 'a', states: { a: { on: { GO: { target: 'b', guard: () => { throw new Error('inner guard'); } } } }, b: {} } });
    const e = errorOf(check(single(m)));
    expect(e.code).toBe('LC020');
    expect(e.message).toMatch(/Unable to evaluate guard .*: inner guard$/);
  });

  // By design the checker's pure XState steps do not run custom (non-assign) actions: they are side
  // effects and cannot change the state. Replay on real actors runs them and reports a throw as LC020.
  it('a machine whose custom action throws: the check completes, and replay reports LC020', () => {
    const m = createMachine({ initial: 'a', states: { a: { on: { GO: { target: 'b', actions: () => { throw new Error('action exploded'); } } } }, b: {} } });
    const sys = defineSystem({
      name: 'exploder',
      build: () => ({ actors: { m: { machine: m } }, actions: [joint({ name: 'go', steps: () => ({ actor: 'm', event: { type: 'GO' } }) })], properties: [sometimes('fired', (s) => s.m.matches('b'))] }),
    });
    const r = check(sys);
    if (r.status === 'error') throw r.error;
    let err: unknown;
    try {
      replayTrace(r.system, r.properties[0].trace!);
    } catch (e) {
      err = e;
    }
    expect((err as LeasecheckError).code).toBe('LC020');
    expect((err as Error).message).toContain('action exploded');
  });
});

describe('machines leasecheck cannot model', () => {
  it('a context holding a function is LC015', () => {
    const m = createMachine({ initial: 'a', context: { cb: () => 1 }, states: { a: {} } });
    expect(errorOf(check(single(m))).code).toBe('LC015');
  });

  it('a context that gains a function after a step is LC015', () => {
    const m = createMachine({ initial: 'a', context: { cb: null as null | (() => number) }, states: { a: { on: { GO: { target: 'b', actions: assign({ cb: () => () => 1 }) } } }, b: {} } });
    expect(errorOf(check(single(m))).code).toBe('LC015');
  });

  it('a context holding a class instance is LC015', () => {
    class Handle { fd = 3; }
    const m = createMachine({ initial: 'a', context: { h: new Handle() }, states: { a: {} } });
    expect(errorOf(check(single(m))).code).toBe('LC015');
  });

  it('a machine using `after` (even in a nested state) is LC014', () => {
    const m = createMachine({ initial: 'a', states: { a: { initial: 'x', states: { x: { after: { 100: 'y' } }, y: {} } } } });
    const e = errorOf(check(single(m)));
    expect(e.code).toBe('LC014');
    expect(e.message).toContain('after');
  });

  it('a machine using `invoke` is LC014', () => {
    const m = setup({ actors: { job: fromPromise(async () => 1) } }).createMachine({ initial: 'a', states: { a: { invoke: { src: 'job' } } } });
    const e = errorOf(check(single(m)));
    expect(e.code).toBe('LC014');
    expect(e.message).toContain('invoke');
  });

  it('a machine spawning a child actor is LC014', () => {
    const m = setup({ actors: { job: fromPromise(async () => 1) } }).createMachine({
      initial: 'a',
      states: { a: { on: { GO: { target: 'b', actions: spawnChild('job') } } }, b: {} },
    });
    expect(errorOf(check(single(m))).code).toBe('LC014');
  });
});

describe('replay on real actors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a machine using Math.random in an assign diverges on replay: LC030, and the message asks for determinism', () => {
    // Seeded generator: the checker's XState run and the real actor draw different numbers.
    let seed = 12345;
    vi.spyOn(Math, 'random').mockImplementation(() => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    });
    const dice = createMachine({
      initial: 'idle',
      context: { roll: 0 },
      states: { idle: { on: { GO: { target: 'rolled', actions: assign({ roll: () => Math.random() }) } } }, rolled: { type: 'final' } },
    });
    const r = ok(check(single(dice, { properties: [sometimes('rolled', (s) => s.a.matches('rolled'))] })));
    const p = prop(r, 'rolled');
    expect(p.verdict).toBe('holds');
    let thrown: unknown;
    try {
      replayTrace(r.system, p.trace!);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LeasecheckError);
    expect((thrown as LeasecheckError).code).toBe('LC030');
    expect((thrown as LeasecheckError).message).toMatch(/determinis/);
    expect((thrown as LeasecheckError).message).toContain('step 1');
  });

  it('the same kind of machine with a deterministic assign replays cleanly', () => {
    const r = ok(check(chainSystem(4, {}, [sometimes('three', (s) => s.c.context.n === 3)])));
    expect(replayAll(r)).toBe(2);
  });

  it('a trace tampered with (a different final state) is LC030', () => {
    const r = ok(check(chainSystem(4)));
    const trace = prop(r, 'deadlock-free').trace!;
    const forged = { steps: trace.steps.map((st, i) => (i === 2 ? { ...st, locals: trace.steps[1].locals } : st)) };
    expect(() => replayTrace(r.system, forged)).toThrow(/replay diverged at step 2/);
    expect(replayAll(r)).toBe(1);
  });
});

