import { describe, expect, it } from 'vitest';
import { prop, run, runExplained, shape } from './helpers.ts';
import { pinsExplainer, pinsSystem } from '../../fixtures/liveness/pins.ts';
import { explainStuckState } from '../../../src/engine/liveness/stuck.ts';
import { compileSystem } from '../../../src/engine/compile.ts';
import type { CheckSuccess } from '../../../src/engine/check.ts';

const WAIT_FOR = [
  'what waits for what here:',
  '  close(fd10) of A waits for the pins of mr0: the last close of a leased file blocks while its pages are pinned',
  '  the pins of mr0 waits for close(fd15) of A: only closing the RDMA context deregisters mr0',
  '  close(fd15) of A waits for close(fd10) of A: A closes its fds one at a time and is inside close(fd10)',
  'wait-for cycle: close(fd10) of A -> the pins of mr0 -> close(fd15) of A -> close(fd10) of A; none of them can ever proceed',
];

const GENERIC = [
  'A is in blockedInClose10; ready for, but held back: "A: close(fd10) returns" (mr0 refuses UNPINNED?); 4 other joint actions need A in another state',
  'mr0 is in pinned; ready for, but held back: "A: close(fd15)" (A refuses CLOSE15); 1 other joint action needs mr0 in another state',
];

const lastLocals = (r: CheckSuccess, id: string) => {
  const t = prop(r, id).trace!;
  return t.steps[t.steps.length - 1].locals;
};

describe('stuck states explained', () => {
  it('a deadlock comes with the spec\'s wait-for graph and its cycle', () => {
    const r = runExplained(pinsSystem(true), pinsExplainer);
    const d = prop(r, 'deadlock-free');
    expect(d.verdict).toBe('violated');
    expect(shape(d)).toEqual({ steps: 2, loop: undefined, labels: ['A: SIGKILL', 'A: close(fd10)'] });
    expect(d.explanation).toEqual(['at step 2 no joint action is enabled and the state is not terminal', ...WAIT_FOR]);
  });

  it('a liveness lasso that ends by stuttering in the stuck state explains it the same way', () => {
    const r = runExplained(pinsSystem(true), pinsExplainer);
    const p = prop(r, 'A-exits');
    expect(p.verdict).toBe('violated');
    expect(shape(p)).toEqual({ steps: 2, loop: 2, labels: ['A: SIGKILL', 'A: close(fd10)'] });
    expect(p.explanation).toEqual([
      'the goal never holds in this behaviour, which respects every fairness assumption:',
      'weak fairness of "A: SIGKILL": never enabled on this cycle',
      'weak fairness of "A: close(fd10)": never enabled on this cycle',
      'weak fairness of "A: close(fd10) returns": never enabled on this cycle',
      'weak fairness of "A: close(fd15)": never enabled on this cycle',
      'weak fairness of "A: exits": never enabled on this cycle',
      'from step 2 nothing with a fairness assumption is enabled, so the system may stop here forever',
      ...WAIT_FOR,
    ]);
  });

  it('without explainStuck: per actor, the disabled joint actions and who refuses', () => {
    const r = run(pinsSystem(false));
    expect(prop(r, 'deadlock-free').explanation).toEqual(['at step 2 no joint action is enabled and the state is not terminal', ...GENERIC]);
    expect(prop(r, 'A-exits').explanation!.slice(-2)).toEqual(GENERIC);
  });

  it('falls back to the generic lines when explainStuck throws, returns junk, or reports nothing', () => {
    const r = run(pinsSystem(false));
    const cs = r.system;
    const locals = lastLocals(r, 'deadlock-free');
    expect(
      explainStuckState(cs, locals, () => {
        throw new Error('boom');
      }),
    ).toEqual(['explainStuck threw (boom); the generic explanation follows', ...GENERIC]);
    expect(explainStuckState(cs, locals, (() => [{ from: 'a' }]) as never)).toEqual([
      'explainStuck returned an entry 0 that is not { from: string, to: string, why: string }; the generic explanation follows',
      ...GENERIC,
    ]);
    expect(explainStuckState(cs, locals, () => [])).toEqual(['explainStuck reports nothing waiting here; the generic explanation follows', ...GENERIC]);
  });

  it('names where the waits end when there is no cycle, and finds a self-wait', () => {
    const cs = compileSystem(pinsSystem(false));
    expect(
      explainStuckState(cs, cs.initial, () => [
        { from: 'A', to: 'B', why: 'b holds it' },
        { from: 'B', to: 'C', why: 'c holds it' },
        { from: 'D', to: 'C', why: 'c holds it too' },
      ]),
    ).toEqual([
      'what waits for what here:',
      '  A waits for B: b holds it',
      '  B waits for C: c holds it',
      '  D waits for C: c holds it too',
      'no wait-for cycle; the waits end at C, which nothing in the model releases from here',
    ]);
    expect(explainStuckState(cs, cs.initial, () => [{ from: 'X', to: 'X', why: 'itself' }]).at(-1)).toBe(
      'wait-for cycle: X -> X; none of them can ever proceed',
    );
  });
});
