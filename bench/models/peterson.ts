import { assign, setup } from 'xstate';
import { always, defineSystem, forAll, joint } from '../../src/index.ts';

/**
 * Peterson's filter lock for N processes, one atomic step per arrow:
 *   idle: j := 1 -> setlvl: level[i] := j -> setvic: victim[j] := i -> wait: when (for all k != i:
 *   level[k] < j) or victim[j] != i, if j < N-1 then j := j+1 -> setlvl else -> cs;
 *   cs: level[i] := 0, j := 0 -> idle.
 * One machine per process (its pc is the state, j the context), one per shared variable level[i] and
 * victim[v] (v = 1..N-1; victim[0] is never written). N = 5: 344,805 states; N = 6: 8,786,754.
 */
type ProcEvent = { type: 'START' } | { type: 'SET_LEVEL'; v: number } | { type: 'SET_VICTIM'; v: number } | { type: 'ADVANCE'; v: number } | { type: 'EXIT' };

export const petersonProcess = setup({
  types: { context: {} as { j: number; n: number }, events: {} as ProcEvent, input: {} as { n: number } },
  guards: {
    atJ: ({ context, event }) => 'v' in event && context.j === event.v,
    atJLast: ({ context, event }) => 'v' in event && context.j === event.v && event.v === context.n - 1,
  },
}).createMachine({
  id: 'peterson',
  context: ({ input }) => ({ j: 0, n: input.n }),
  initial: 'idle',
  states: {
    idle: { on: { START: { target: 'setlvl', actions: assign({ j: 1 }) } } },
    setlvl: { on: { SET_LEVEL: { guard: 'atJ', target: 'setvic' } } },
    setvic: { on: { SET_VICTIM: { guard: 'atJ', target: 'wait' } } },
    wait: {
      on: {
        ADVANCE: [
          { guard: 'atJLast', target: 'cs' },
          { guard: 'atJ', target: 'setlvl', actions: assign({ j: ({ context }) => context.j + 1 }) },
        ],
      },
    },
    cs: { on: { EXIT: { target: 'idle', actions: assign({ j: 0 }) } } },
  },
});

/** A shared integer variable: WRITE sets it. */
export const variable = setup({
  types: { context: {} as { v: number }, events: {} as { type: 'WRITE'; v: number } },
}).createMachine({
  id: 'variable',
  context: { v: 0 },
  on: { WRITE: { actions: assign({ v: ({ event }) => event.v }) } },
});

export const peterson = defineSystem({
  name: 'peterson-filter',
  origin: { module: import.meta.url, export: 'peterson' },
  params: { n: { default: 3, min: 2, max: 8, description: 'processes' } },
  build: ({ n }) => {
    const procs = Array.from({ length: n }, (_, i) => i);
    const levels = Array.from({ length: n - 1 }, (_, i) => i + 1);
    const P = procs.map((i) => `p${i}`);
    const L = procs.map((i) => `level${i}`);
    const V = Array.from({ length: n }, (_, v) => `victim${v}`);
    const actors: Record<string, { machine: typeof petersonProcess | typeof variable; input?: unknown }> = {};
    for (const i of procs) actors[P[i]] = { machine: petersonProcess, input: { n } };
    for (const i of procs) actors[L[i]] = { machine: variable };
    for (const v of levels) actors[V[v]] = { machine: variable };
    return {
      actors,
      actions: [
        joint({ name: 'start', params: { i: procs }, steps: ({ i }) => ({ actor: P[i], event: { type: 'START' } }) }),
        joint({ name: 'setLevel', params: { i: procs, v: levels }, steps: ({ i, v }) => [
          { actor: P[i], event: { type: 'SET_LEVEL', v } }, { actor: L[i], event: { type: 'WRITE', v } }] }),
        joint({ name: 'setVictim', params: { i: procs, v: levels }, steps: ({ i, v }) => [
          { actor: P[i], event: { type: 'SET_VICTIM', v } }, { actor: V[v], event: { type: 'WRITE', v: i } }] }),
        joint({
          name: 'advance',
          params: { i: procs, v: levels },
          steps: ({ i, v }) => ({ actor: P[i], event: { type: 'ADVANCE', v } }),
          guard: (s, { i, v }) => {
            if (s[V[v]].context.v !== i) return true;
            for (let k = 0; k < n; k++) if (k !== i && s[L[k]].context.v >= v) return false;
            return true;
          },
        }),
        joint({ name: 'exit', params: { i: procs }, steps: ({ i }) => [
          { actor: P[i], event: { type: 'EXIT' } }, { actor: L[i], event: { type: 'WRITE', v: 0 } }] }),
      ],
      properties: [
        // Declared per pair of processes (forAll), so that each pair's answer is remembered per pair of
        // local snapshots; a pair i >= j reads nothing and holds.
        always(
          'mutual-exclusion',
          forAll({ i: procs, j: procs }, ({ i, j }) => (i < j ? [P[i], P[j]] : []), (s, { i, j }) => i >= j || !(s[P[i]].matches('cs') && s[P[j]].matches('cs'))),
        ),
      ],
    };
  },
});

export default peterson;
