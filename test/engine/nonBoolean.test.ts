/**
 * A guard, predicate, constraint, terminal, filter or forAll instance that returns something other than
 * a boolean is a coded error (LC026) naming it and what it returned: never coerced into a verdict (a
 * Promise is truthy: `always('p', async (s) => false)` would "hold").
 */
import { describe, expect, it } from 'vitest';
import { check, checkAsync, explore, LeasecheckError } from '../../src/index.ts';
import { simulateSystem } from '../../src/sim/simulate.ts';
import { computeCoverage } from '../../src/report/coverage.ts';
import type { CheckResult } from '../../src/engine/check.ts';
import { nonBooleanSystem, SAID, type Returned, type Where } from '../fixtures/nonBoolean.ts';

const RETURNS: Returned[] = ['promise', 'string-false', 'undefined', 'number', 'null', 'object'];

/** What the message must name, per place. */
const NAMED: Record<Where, RegExp> = {
  guard: /guard of joint action inc/,
  'guard-on-row': /guard of joint action inc/,
  always: /property p/,
  sometimes: /property p/,
  constraint: /state constraint/,
  terminal: /terminal/,
  leadsTo: /p/,
  eventually: /p/,
  possibly: /p/,
  forAll: /property p \(i=0\)/,
  via: /path filter of p/,
  fairness: /fairness filter of p/,
  subject: /subject of p/,
};

function expectLC026(r: CheckResult, where: Where, returned: Returned): void {
  if (r.status !== 'error') throw new Error(`${where} returning ${returned}: expected LC026, got status ${r.status} (${r.properties.map((p) => `${p.id} ${p.verdict}`).join(', ')})`);
  expect(r.error.code, r.error.message).toBe('LC026');
  expect(r.error.message).toMatch(NAMED[where]);
  expect(r.error.message).toMatch(SAID[returned]);
  expect(r.error.message).not.toContain('\n');
}

const SEARCHED: Where[] = ['guard', 'guard-on-row', 'always', 'sometimes', 'constraint', 'terminal', 'leadsTo', 'eventually', 'possibly', 'forAll', 'via', 'fairness'];

describe('a non-boolean answer is LC026, never a verdict (one thread)', () => {
  for (const where of SEARCHED) {
    it(`${where}: every kind of non-boolean, from the initial state and from a later one`, () => {
      for (const returned of RETURNS) {
        expectLC026(check(nonBooleanSystem(where, returned)), where, returned);
        if (where !== 'via' && where !== 'fairness') expectLC026(check(nonBooleanSystem(where, returned, 2)), where, returned);
      }
    });
  }

  it('the same answers, with symmetry and with --safety-only, are LC026 too', () => {
    expectLC026(check(nonBooleanSystem('always', 'promise', 1), { safetyOnly: true }), 'always', 'promise');
    expectLC026(check(nonBooleanSystem('guard', 'string-false', 1), { symmetry: true }), 'guard', 'string-false');
  });

  it('true and false still decide: the fixture with boolean answers checks cleanly', () => {
    const r = check(nonBooleanSystem('always', 'number', 99));
    expect(r.status).toBe('complete');
  });
});

describe('worker threads report LC026 the same way', () => {
  // The worker threads share the one-thread code (specCalls.ts); these cover their own call sites: the
  // initial state (parallel.ts), a guard, a predicate and a liveness mark in a worker, and terminal.
  it('the initial state, a guard, an invariant, a liveness goal and terminal', async () => {
    expectLC026(await checkAsync(nonBooleanSystem('always', 'string-false'), { workers: 2 }), 'always', 'string-false');
    for (const where of ['guard', 'always', 'eventually', 'terminal'] as Where[]) expectLC026(await checkAsync(nonBooleanSystem(where, 'promise', 1), { workers: 2 }), where, 'promise');
  });
});

describe('simulation and coverage report LC026', () => {
  for (const where of ['guard', 'guard-on-row', 'always', 'sometimes', 'constraint', 'terminal'] as Where[]) {
    it(`simulate: ${where}`, () => {
      let thrown: unknown;
      try {
        simulateSystem(nonBooleanSystem(where, 'undefined', 1), { runs: 20, depth: 5, seed: 1 });
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `${where}: simulate did not throw`).toBeInstanceOf(LeasecheckError);
      expect((thrown as LeasecheckError).code).toBe('LC026');
      expect((thrown as LeasecheckError).message).toMatch(NAMED[where]);
    });
  }

  it("coverage: an invariant's subject returning a non-boolean", () => {
    const r = check(nonBooleanSystem('subject', 'number'));
    if (r.status === 'error') throw r.error;
    let thrown: unknown;
    try {
      computeCoverage(r.system, explore(r.system, { recordGraph: true }));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as LeasecheckError).code).toBe('LC026');
    expect((thrown as LeasecheckError).message).toMatch(NAMED.subject);
  });
});
