/**
 * Interned snapshots are frozen (freezeSnapshot.ts): a Map, Set or Date in a context loses its
 * mutators, and one the spec froze itself (an Immer-produced context, a frozen constant) is accepted
 * as it is rather than crashing the freeze (found by review).
 */
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { check, defineSystem, joint } from '../../src/index.ts';
import { deepFreeze } from '../../src/engine/freezeSnapshot.ts';

describe('deepFreeze', () => {
  it('locks a Map, Set and Date it is given, and leaves ones already frozen as they are', () => {
    const m = new Map([['a', 1]]);
    deepFreeze(m);
    expect(() => m.set('b', 2)).toThrow(/read-only Map/);
    for (const v of [Object.freeze(new Map([['a', 1]])), Object.freeze(new Set([1])), Object.freeze(new Date(0)), Object.preventExtensions(new Set([2]))]) {
      expect(() => deepFreeze(v)).not.toThrow();
      expect(Object.isFrozen(v) || !Object.isExtensible(v)).toBe(true);
    }
  });

  it('a context holding a frozen Set checks as any other', () => {
    const TAGS = Object.freeze(new Set(['x']));
    const m = setup({ types: { context: {} as { tags: ReadonlySet<string>; n: number }, events: {} as { type: 'GO' } } }).createMachine({
      id: 'm',
      context: { tags: TAGS, n: 0 },
      on: { GO: { guard: ({ context }) => context.n < 2, actions: assign({ n: ({ context }) => context.n + 1 }) } },
    });
    const sys = defineSystem({ name: 'frozen-set', build: () => ({ actors: { m: { machine: m } }, actions: [joint({ name: 'go', steps: () => ({ actor: 'm', event: { type: 'GO' } }) })], properties: [], checkDeadlock: false }) });
    const r = check(sys);
    expect(r.status).toBe('complete');
  });
});
