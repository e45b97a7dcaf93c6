import { describe, expect, it } from 'vitest';
import { key, prop, run, shape } from './helpers.ts';
import { mutex } from '../../fixtures/liveness/mutex.ts';
import { flagSystem } from '../../fixtures/liveness/flag.ts';
import { spinnerSystem } from '../../fixtures/liveness/spinner.ts';
import { doorSystem } from '../../fixtures/liveness/door.ts';
import { groupsSystem } from '../../fixtures/liveness/groups.ts';
import { liveGraphOf } from '../../../src/engine/liveness/graph.ts';
import { livenessMarks } from '../../../src/engine/liveness/checkLiveness.ts';
import { check, type CheckSuccess } from '../../../src/engine/check.ts';

describe('mutex: starvation without fairness, liveness with it', () => {
  it('without fairness, p1 may request and then everything stops (a stuttering lasso)', () => {
    const r = run(mutex({ lock: 'naive' }));
    const p = prop(r, 'p1-gets-in');
    expect(p.verdict).toBe('violated');
    expect(shape(p)).toEqual({ steps: 1, loop: 1, labels: ['p1: request'] });
    expect(p.explanation!.slice(0, 3)).toEqual([
      'the premise holds at step 1 and the goal never holds from then on, in a behaviour that respects every fairness assumption:',
      'enabled on the cycle but without a fairness assumption, so this behaviour may ignore them: "p1: enter" (step 1), "p2: request" (step 1)',
      'from step 1 on, the system may stop here forever: no action has a fairness assumption',
    ]);
    // The generic stuck-state explanation follows (no explainStuck in this spec).
    expect(p.explanation).toContain(
      'p1 is in waiting; enabled but without a fairness assumption: "p1: enter"; 2 other joint actions need p1 in another state',
    );
    expect(p.explanation).toContain(
      'lock is in free; ready for, but held back: "p2: enter" (p2 refuses ENTER); enabled but without a fairness assumption: "p1: enter"; 2 other joint actions need lock in another state',
    );
    expect(prop(r, 'p2-gets-in').verdict).toBe('violated');
    expect(shape(prop(r, 'p2-gets-in'))).toEqual({ steps: 1, loop: 1, labels: ['p2: request'] });
  });

  it('with weak fairness and a naive lock, p1 starves on a cycle where p2 keeps taking the lock', () => {
    const r = run(mutex({ lock: 'naive', enter: 'weak', exit: 'weak' }));
    const p = prop(r, 'p1-gets-in');
    expect(p.verdict).toBe('violated');
    expect(shape(p)).toEqual({ steps: 4, loop: 1, labels: ['p1: request', 'p2: request', 'p2: enter', 'p2: exit'] });
    expect(p.explanation).toEqual([
      'the premise holds at step 1 and the goal never holds from then on, in a behaviour that respects every fairness assumption:',
      'weak fairness of "p1: enter": disabled at step 3',
      'weak fairness of "p1: exit": never enabled on this cycle',
      'weak fairness of "p2: enter": taken on the cycle (step 3)',
      'weak fairness of "p2: exit": taken on the cycle (step 4)',
      'steps 2-4 repeat forever and come back to the state of step 1',
    ]);
    expect(shape(prop(r, 'p2-gets-in'))).toEqual({ steps: 4, loop: 1, labels: ['p2: request', 'p1: request', 'p1: enter', 'p1: exit'] });
  });

  it('with weak fairness and a FIFO (ticket) lock, every request leads to entry', () => {
    const r = run(mutex({ lock: 'fifo', enter: 'weak', exit: 'weak' }));
    expect(r.status).toBe('complete');
    expect(prop(r, 'p1-gets-in')).toMatchObject({ verdict: 'holds' });
    expect(prop(r, 'p1-gets-in').trace).toBeUndefined();
    expect(prop(r, 'p2-gets-in').verdict).toBe('holds');
    expect(prop(r, 'p1-can-enter').verdict).toBe('holds');
  });

  it('weak fairness of exit alone is not enough: p1 may wait forever at a free lock', () => {
    const r = run(mutex({ lock: 'fifo', exit: 'weak' }));
    const p = prop(r, 'p1-gets-in');
    expect(p.verdict).toBe('violated');
    expect(p.trace!.loop).toBe(p.trace!.steps.length - 1);
    expect(shape(p)).toEqual({ steps: 1, loop: 1, labels: ['p1: request'] });
    expect(p.explanation).toContain('from step 1 nothing with a fairness assumption is enabled, so the system may stop here forever');
  });
});

describe('strong fairness', () => {
  it('the naive lock is live when entering is strongly fair (enabled infinitely often, so taken)', () => {
    const r = run(mutex({ lock: 'naive', enter: 'strong', exit: 'weak' }));
    expect(prop(r, 'p1-gets-in').verdict).toBe('holds');
    expect(prop(r, 'p2-gets-in').verdict).toBe('holds');
  });

  it('a step enabled only while another actor holds a flag up: fails under WF, holds under SF', () => {
    const weak = run(flagSystem('weak'));
    const p = prop(weak, 'worker-finishes');
    expect(p.verdict).toBe('violated');
    expect(shape(p)).toEqual({ steps: 2, loop: 0, labels: ['toggle', 'toggle'] });
    expect(p.explanation).toEqual([
      'the goal never holds in this behaviour, which respects every fairness assumption:',
      'weak fairness of "go": disabled at step 0',
      'weak fairness of "toggle": taken on the cycle (step 1)',
      'steps 1-2 repeat forever and come back to the state of step 0',
    ]);
    const strong = run(flagSystem('strong'));
    expect(prop(strong, 'worker-finishes').verdict).toBe('holds');
  });
});

/**
 * Stateright's `eventually` check (as documented there) reports a violation only at a terminal state
 * reached without the goal and does not detect cycles. This is that check, on the explored graph.
 */
function acyclicEventually(r: CheckSuccess, name: string): 'holds' | 'violated' {
  const g = liveGraphOf(r.exploration);
  const slot = livenessMarks(r.system.properties).slots.get(name)!;
  const goal = r.exploration.marks![slot.goal];
  const onPath = new Uint8Array(g.n);
  const dfs = (s: number): boolean => {
    if (goal[s] === 1) return true;
    if (g.off[s] === g.off[s + 1]) return false; // terminal without the goal
    if (onPath[s] === 1) return true; // a cycle: not examined
    onPath[s] = 1;
    for (let e = g.off[s]; e < g.off[s + 1]; e++) if (!dfs(g.tgt[e])) return false;
    onPath[s] = 0;
    return true;
  };
  return dfs(0) ? 'holds' : 'violated';
}

describe('cycles that never reach the goal', () => {
  it('an acyclic (Stateright-style) check says holds; the fair tick cycle violates it', () => {
    for (const finish of ['none', 'weak'] as const) {
      const r = run(spinnerSystem(finish));
      expect(acyclicEventually(r, 'finishes')).toBe('holds');
      const p = prop(r, 'finishes');
      expect(p.verdict).toBe('violated');
      expect(shape(p)).toEqual({ steps: 3, loop: 0, labels: ['tick', 'tick', 'tick'] });
    }
    const none = prop(run(spinnerSystem('none')), 'finishes');
    expect(none.explanation).toEqual([
      'the goal never holds in this behaviour, which respects every fairness assumption:',
      'weak fairness of "tick": taken on the cycle (step 1)',
      'enabled on the cycle but without a fairness assumption, so this behaviour may ignore them: "finish" (step 2)',
      'steps 1-3 repeat forever and come back to the state of step 0',
    ]);
    const weak = prop(run(spinnerSystem('weak')), 'finishes');
    expect(weak.explanation).toContain('weak fairness of "finish": disabled at step 0');
  });

  it('with strong fairness of finish, both agree that it holds', () => {
    const r = run(spinnerSystem('strong'));
    expect(acyclicEventually(r, 'finishes')).toBe('holds');
    expect(prop(r, 'finishes').verdict).toBe('holds');
  });
});

describe('fairness groups', () => {
  it('per instance, WF(step x) makes x finish; as one group, y alone satisfies WF(step x or step y)', () => {
    expect(prop(run(groupsSystem('per-instance')), 'x-finishes').verdict).toBe('holds');
    const p = prop(run(groupsSystem('one-action')), 'x-finishes');
    expect(p.verdict).toBe('violated');
    expect(shape(p)).toEqual({ steps: 2, loop: 0, labels: ['step(who=y)', 'step(who=y)'] });
    expect(p.explanation).toEqual([
      'the goal never holds in this behaviour, which respects every fairness assumption:',
      'weak fairness of the steps of x and y: taken on the cycle (step 1)',
      'steps 1-2 repeat forever and come back to the state of step 0',
    ]);
  });

  it('a group key spans actions', () => {
    const p = prop(run(groupsSystem('two-actions')), 'x-finishes');
    expect(p.verdict).toBe('violated');
    expect(shape(p)).toEqual({ steps: 2, loop: 0, labels: ['stepY', 'stepY'] });
    expect(p.explanation![1]).toBe('weak fairness of the steps of x and y: taken on the cycle (step 1)');
  });

  it('two actions that give one group different fairness are a malformed system (LC013)', () => {
    const r = check(groupsSystem('conflicting'));
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.error.code).toBe('LC013');
    expect(r.error.message).toBe(
      'fairness group the steps of x and y is weak for joint action stepX but strong for stepY; a group has one fairness',
    );
  });
});

describe('possibly (AG EF)', () => {
  it('fails with the shortest path to the shallowest state that cannot reach the goal', () => {
    const r = run(doorSystem);
    const p = prop(r, 'can-reopen');
    expect(p.verdict).toBe('violated');
    expect(p.kind).toBe('possibly');
    expect(shape(p)).toEqual({ steps: 3, loop: undefined, labels: ['close', 'heat', 'weld'] });
    expect(p.explanation).toEqual(["from this state no path reaches can-reopen's goal"]);
  });

  it('holds when every reachable state can reach the goal', () => {
    const r = run(doorSystem);
    expect(prop(r, 'can-shut').verdict).toBe('holds');
    expect(prop(r, 'can-shut').trace).toBeUndefined();
    expect(prop(run(mutex({ lock: 'naive' })), 'p1-can-enter').verdict).toBe('holds');
  });
});

describe('determinism and incomplete searches', () => {
  it('gives the same lasso and explanation on every run', () => {
    const a = prop(run(mutex({ lock: 'naive', enter: 'weak', exit: 'weak' })), 'p1-gets-in');
    const b = prop(run(mutex({ lock: 'naive', enter: 'weak', exit: 'weak' })), 'p1-gets-in');
    expect(shape(a)).toEqual(shape(b));
    expect(key(a)).toBe(key(b));
    expect(a.explanation).toEqual(b.explanation);
    expect(a.trace!.steps.map((s) => Array.from(s.locals))).toEqual(b.trace!.steps.map((s) => Array.from(s.locals)));
  });

  it('a stopped search gives incomplete instead of holds, but still reports real counterexamples', () => {
    const r = run(mutex({ lock: 'fifo', enter: 'weak', exit: 'weak' }), { maxStates: 4 });
    expect(r.status).toBe('incomplete');
    expect(prop(r, 'p1-gets-in').verdict).toBe('incomplete');
    expect(prop(r, 'p1-can-enter').verdict).toBe('incomplete');
    expect(prop(r, 'p1-gets-in').explanation![0]).toMatch(/^the search stopped early \(max-states\)/);
    const s = run(mutex({ lock: 'naive' }), { maxStates: 4 });
    expect(s.status).toBe('incomplete');
    expect(prop(s, 'p1-gets-in').verdict).toBe('violated');
    expect(shape(prop(s, 'p1-gets-in'))).toEqual({ steps: 1, loop: 1, labels: ['p1: request'] });
  });
});
