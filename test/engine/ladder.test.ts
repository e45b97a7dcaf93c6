/**
 * src/engine/ladder.ts: a system checked at growing scopes, per property the largest scopes at which
 * its verdict was established, where it is undecided, and every scope where it changes, with the trace.
 * Incompleteness comes from maxStates here, or from a property stuck forever, never from the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { always, defineSystem, joint, replayTrace, sometimes, type System } from '../../src/index.ts';
import { ladder } from '../../src/engine/ladder.ts';
import { loopForever } from '../support/loopForever.ts';

/** n workers each add `step` to a shared counter once; "at most 2" breaks at n * step > 2. */
function counters(): System {
  const worker = setup({ types: { events: {} as { type: 'GO' } } }).createMachine({ initial: 'idle', states: { idle: { on: { GO: 'done' } }, done: {} } });
  const counter = setup({ types: { context: {} as { v: number }, events: {} as { type: 'ADD'; k: number } } }).createMachine({
    context: { v: 0 },
    on: { ADD: { actions: assign({ v: ({ context, event }) => context.v + event.k }) } },
  });
  return defineSystem({
    name: 'counters',
    params: { n: { default: 1, min: 1, max: 6 }, step: { default: 1, min: 1, max: 3 } },
    build: ({ n, step }) => {
      const ws = Array.from({ length: n }, (_, i) => `w${i}`);
      const actors: Record<string, { machine: typeof worker | typeof counter }> = { c: { machine: counter } };
      for (const w of ws) actors[w] = { machine: worker };
      return {
        actors,
        actions: [joint({ name: 'go', params: { w: ws }, steps: ({ w }) => [{ actor: w, event: { type: 'GO' } }, { actor: 'c', event: { type: 'ADD', k: step } }] })],
        properties: [
          always('at-most-2', (s) => s.c.context.v <= 2),
          sometimes('reaches-2', (s) => s.c.context.v === 2),
          always('never-exactly-2', (s) => s.c.context.v !== 2),
        ],
        checkDeadlock: false,
      };
    },
  });
}

describe('the scope ladder', () => {
  it('largest scopes per verdict, and a verdict that changes with scope flagged with a replayable trace', async () => {
    const seen: string[] = [];
    const r = await ladder(counters(), {
      axes: [{ param: 'n', values: [1, 2, 3] }, { param: 'step', values: [1, 2] }],
      budgetMs: 1e9,
      onScope: (run) => seen.push(`${run.scope.n},${run.scope.step}:${run.status}`),
    });
    // Smallest first: (1,1), then the two of rank 1, ...
    expect(seen[0]).toBe('1,1:complete');
    expect(r.runs).toHaveLength(6);
    const atMost2 = r.properties.find((p) => p.id === 'at-most-2')!;
    expect(atMost2.verdict).toBe('holds');
    // Holds wherever n * step <= 2: up to (2, 1) and (1, 2).
    expect(atMost2.establishedUpTo).toEqual([{ n: 1, step: 2 }, { n: 2, step: 1 }]);
    expect(atMost2.changes.map((c) => [c.scope.n, c.scope.step, c.to]).sort()).toEqual([[2, 2, 'violated'], [3, 1, 'violated'], [3, 2, 'violated']]);
    const change = atMost2.changes.find((c) => c.scope.n === 3 && c.scope.step === 1)!;
    expect(change.from).toBe('holds');
    expect(change.result.trace!.steps.length - 1).toBe(3);
    replayTrace(change.system, change.result.trace!);
    // The witness exists from (2, 1) and (1, 2) on, not at (1, 1).
    const reaches = r.properties.find((p) => p.id === 'reaches-2')!;
    expect(reaches.verdict).toBe('violated');
    expect(reaches.changes.map((c) => `${c.scope.n},${c.scope.step}`).sort()).toEqual(['1,2', '2,1', '2,2', '3,1', '3,2']);
  });

  it('a scope that does not complete leaves its properties undecided and the scopes above it skipped', async () => {
    const r = await ladder(counters(), {
      axes: [{ param: 'n', values: [1, 2, 3, 4] }],
      budgetMs: 1e9,
      // 2^n + ... states: n = 3 passes 6 states; "holds" at n <= 2 only then.
      check: { maxStates: 6 },
    });
    expect(r.runs.map((x) => x.status)).toEqual(['complete', 'complete', 'incomplete', 'skipped']);
    expect(r.runs[3].why).toBe('n=3 did not complete');
    const atMost2 = r.properties.find((p) => p.id === 'at-most-2')!;
    // At n = 3 the violation may or may not be among the first six states; either way n <= 2 holds.
    expect(atMost2.establishedUpTo).toEqual([{ n: 2 }]);
  });

  it('a verdict that flips and flips back is established only below the first flip', async () => {
    // One worker: v is 0 or step, so "v is never 2" holds at step 1, fails at 2, holds again at 3.
    const r = await ladder(counters(), { axes: [{ param: 'step', values: [1, 2, 3] }], budgetMs: 1e9 });
    const p = r.properties.find((x) => x.id === 'never-exactly-2')!;
    expect(p.verdict).toBe('holds');
    expect(p.establishedUpTo).toEqual([{ step: 1 }]);
    expect(p.changes.map((c) => [c.scope.step, c.to])).toEqual([[2, 'violated']]);
  });

  it('a scope stopped by what was left of the budget says so, not "timeout" (that is --timeout\'s own limit)', async () => {
    // A property stuck forever once v is 1: every run ends at its time limit, whatever the machine's speed.
    const base = counters();
    const stuck = { ...base, build: (scope: Parameters<typeof base.build>[0]) => ({ ...base.build(scope), properties: [always('stuck', (s: any) => (s.c.context.v === 1 ? loopForever() : true))] }) } as System;
    const byBudget = await ladder(stuck, { axes: [{ param: 'n', values: [2] }], budgetMs: 300 });
    expect(byBudget.runs.map((x) => [x.status, x.why])).toEqual([['incomplete', 'budget']]);
    const byTimeout = await ladder(stuck, { axes: [{ param: 'n', values: [2] }], budgetMs: 1e9, perScopeMs: 300 });
    expect(byTimeout.runs.map((x) => [x.status, x.why])).toEqual([['incomplete', 'timeout']]);
  });

  it('a spent budget skips what is left', async () => {
    const r = await ladder(counters(), { axes: [{ param: 'n', values: [1, 2] }], budgetMs: 0 });
    expect(r.runs.map((x) => [x.status, x.why])).toEqual([['skipped', 'the time budget was spent'], ['skipped', 'the time budget was spent']]);
    expect(r.properties).toEqual([]);
  });
});
