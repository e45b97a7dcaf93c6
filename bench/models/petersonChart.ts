import { assign, setup } from 'xstate';

/**
 * Peterson's filter lock as ONE XState statechart in the style of ./philosophersTable.ts: a parallel
 * machine with one region per process whose states are its pc (idle, setlvl, setvic, wait, cs), j per
 * process and the shared level[] / victim[] in the context. ./petersonTable.ts (what the benchmark
 * runs) puts the pcs in the context instead: a flat machine, which xstate/graph traverses about twice
 * as fast. bench/xstatePeterson.ts measures both.
 */
interface Ctx {
  j: number[];
  level: number[];
  victim: number[];
}

export function petersonChart(n: number) {
  const upd = (a: number[], i: number, v: number) => a.map((x, k) => (k === i ? v : x));
  const free = (c: Ctx, i: number) => {
    const j = c.j[i];
    if (c.victim[j] !== i) return true;
    for (let k = 0; k < n; k++) if (k !== i && c.level[k] >= j) return false;
    return true;
  };
  type A = { context: Ctx };
  const regions: Record<string, object> = {};
  for (let i = 0; i < n; i++) {
    regions[`p${i}`] = {
      initial: 'idle',
      states: {
        idle: { on: { [`START_${i}`]: { target: 'setlvl', actions: assign(({ context: c }: A) => ({ j: upd(c.j, i, 1) })) } } },
        setlvl: { on: { [`SET_LEVEL_${i}`]: { target: 'setvic', actions: assign(({ context: c }: A) => ({ level: upd(c.level, i, c.j[i]) })) } } },
        setvic: { on: { [`SET_VICTIM_${i}`]: { target: 'wait', actions: assign(({ context: c }: A) => ({ victim: upd(c.victim, c.j[i], i) })) } } },
        wait: {
          on: {
            [`ADVANCE_${i}`]: [
              { guard: ({ context: c }: A) => free(c, i) && c.j[i] === n - 1, target: 'cs' },
              { guard: ({ context: c }: A) => free(c, i), target: 'setlvl', actions: assign(({ context: c }: A) => ({ j: upd(c.j, i, c.j[i] + 1) })) },
            ],
          },
        },
        cs: { on: { [`EXIT_${i}`]: { target: 'idle', actions: assign(({ context: c }: A) => ({ j: upd(c.j, i, 0), level: upd(c.level, i, 0) })) } } },
      },
    };
  }
  return setup({ types: { context: {} as Ctx, events: {} as { type: string } } }).createMachine({
    id: 'peterson',
    type: 'parallel',
    context: { j: Array(n).fill(0), level: Array(n).fill(0), victim: Array(n).fill(0) },
    states: regions as never,
  });
}
