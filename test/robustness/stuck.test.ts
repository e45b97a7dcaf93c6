/**
 * A spec function stuck in an infinite loop cannot make the checker ignore --timeout or Ctrl-C
 * (src/engine/sliceGuard.ts): the search is reported as it was, incomplete, naming the function. The
 * times here are the limits under test (a 1-second --timeout), not the machine's speed; the test's own
 * timeouts are only a net for a hang.
 */
import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { always, check, checkAsync, defineSystem, joint } from '../../src/index.ts';
import { searchWords } from '../../src/report/searchWords.ts';
import { interruptWhen, leasecheck } from '../report-ci/cli.ts';
import { stuckSystem, type StuckWhere } from '../fixtures/stuck.spec.ts';
import { loopForever } from '../support/loopForever.ts';

const NAMED: Record<StuckWhere, RegExp> = {
  guard: /the guard of joint action inc/,
  predicate: /property small/,
  constraint: /the state constraint/,
  machine: /actor c's machine taking INC/,
};

describe('a function that never returns', () => {
  for (const where of ['guard', 'predicate', 'constraint', 'machine'] as StuckWhere[]) {
    it(`in the ${where}: check() with a timeout stops, incomplete, naming it`, () => {
      const r = check(stuckSystem(where), { timeoutMs: 300 });
      if (r.status === 'error') throw r.error;
      expect(r.status).toBe('incomplete');
      expect(r.stoppedBy).toBe('timeout');
      expect(r.exploration.stuckIn).toMatch(NAMED[where]);
      expect(r.notes?.join('\n')).toMatch(NAMED[where]);
      expect(r.stats.distinctStates).toBeGreaterThanOrEqual(1);
    });
  }

  it('stopped while stuck under symmetry: the report still says its states are orbits (reducedBy was lost)', () => {
    const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } } }).createMachine({
      context: { n: 0 },
      on: { INC: { guard: ({ context }) => context.n < 3, actions: assign({ n: ({ context }) => context.n + 1 }) } },
    });
    const twins = defineSystem({
      name: 'stuck-twins',
      build: () => ({
        actors: { c0: { machine: counter }, c1: { machine: counter } },
        actions: ['c0', 'c1'].map((c) => joint({ name: `inc-${c}`, steps: () => ({ actor: c, event: { type: 'INC' } }) })),
        properties: [always('small', (s: any) => (s.c0.context.n + s.c1.context.n === 3 ? loopForever() : true))],
        symmetry: { processes: [['c0'], ['c1']] },
        checkDeadlock: false,
      }),
    });
    const r = check(twins, { timeoutMs: 300, symmetry: true });
    if (r.status === 'error') throw r.error;
    expect(r.stoppedBy).toBe('timeout');
    expect(r.exploration.stuckIn).toMatch(/property small/);
    expect(r.exploration.reducedBy).toEqual(['processes']);
    expect(searchWords([r])[0]).toBe('symmetry over processes: states are counted one per orbit');
  });

  it('two worker threads: the stuck threads are stopped and the search reported incomplete', async () => {
    const r = await checkAsync(stuckSystem('guard'), { timeoutMs: 500, workers: 2 });
    if (r.status === 'error') throw r.error;
    expect(r.status).toBe('incomplete');
    expect(r.stoppedBy).toBe('timeout');
    expect(r.notes?.join('\n')).toMatch(/worker threads that did not stop/);
  });

  it('leasecheck check --timeout 1: exit 3, the report printed, the function named', async () => {
    const r = await leasecheck(['check', 'test/fixtures/stuck.spec.ts', '--timeout', '1'], { STUCK_WHERE: 'predicate' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE');
    expect(r.stdout).toContain('stopped early because it reached --timeout');
    expect(r.stderr).toMatch(/note: .*property small/);
  });

  it('leasecheck check, Ctrl-C while stuck: exit 3, the report printed', async () => {
    // A user presses Ctrl-C when the run seems to hang: a search that has not moved for a second is stuck in what it runs.
    const { code, stdout, stderr } = await interruptWhen(['check', 'test/fixtures/stuck.spec.ts'], 'stuck in guard', { afterMs: 1500, env: { STUCK_WHERE: 'guard' } });
    expect(code, stderr).toBe(3);
    expect(stdout).toContain('stopped early because it was interrupted');
    expect(stderr, stdout).toMatch(/note: .*the guard of joint action inc/);
  });

  it('leasecheck simulate --timeout 1: one coded line naming the function, not a hang', async () => {
    const r = await leasecheck(['simulate', 'test/fixtures/stuck.spec.ts', '--timeout', '1', '--seed', '1'], { STUCK_WHERE: 'guard' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error LC027: .*the guard of joint action inc/m);
  });
});
