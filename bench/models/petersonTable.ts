import { assign, setup } from 'xstate';

/**
 * Peterson's filter lock as ONE XState machine, for xstate/graph: the pcs, the js, level[] and
 * victim[] in the context, and one event STEP_i per process whose guarded transitions are that
 * process's arrows (see ./peterson.ts; at most one is enabled). xstate/graph serialises value + context.
 */
interface Ctx {
  pc: string[];
  j: number[];
  level: number[];
  victim: number[];
}

export function petersonTable(n: number) {
  const free = (c: Ctx, i: number) => {
    const j = c.j[i];
    if (c.victim[j] !== i) return true;
    for (let k = 0; k < n; k++) if (k !== i && c.level[k] >= j) return false;
    return true;
  };
  const upd = <T,>(a: T[], i: number, v: T) => a.map((x, k) => (k === i ? v : x));
  const on: Record<string, object[]> = {};
  for (let i = 0; i < n; i++) {
    on[`STEP_${i}`] = [
      { guard: ({ context: c }: { context: Ctx }) => c.pc[i] === 'idle', actions: assign(({ context: c }: { context: Ctx }) => ({ pc: upd(c.pc, i, 'setlvl'), j: upd(c.j, i, 1) })) },
      { guard: ({ context: c }: { context: Ctx }) => c.pc[i] === 'setlvl', actions: assign(({ context: c }: { context: Ctx }) => ({ pc: upd(c.pc, i, 'setvic'), level: upd(c.level, i, c.j[i]) })) },
      { guard: ({ context: c }: { context: Ctx }) => c.pc[i] === 'setvic', actions: assign(({ context: c }: { context: Ctx }) => ({ pc: upd(c.pc, i, 'wait'), victim: upd(c.victim, c.j[i], i) })) },
      {
        guard: ({ context: c }: { context: Ctx }) => c.pc[i] === 'wait' && free(c, i) && c.j[i] < n - 1,
        actions: assign(({ context: c }: { context: Ctx }) => ({ pc: upd(c.pc, i, 'setlvl'), j: upd(c.j, i, c.j[i] + 1) })),
      },
      { guard: ({ context: c }: { context: Ctx }) => c.pc[i] === 'wait' && free(c, i) && c.j[i] === n - 1, actions: assign(({ context: c }: { context: Ctx }) => ({ pc: upd(c.pc, i, 'cs') })) },
      { guard: ({ context: c }: { context: Ctx }) => c.pc[i] === 'cs', actions: assign(({ context: c }: { context: Ctx }) => ({ pc: upd(c.pc, i, 'idle'), j: upd(c.j, i, 0), level: upd(c.level, i, 0) })) },
    ];
  }
  return setup({ types: { context: {} as Ctx, events: {} as { type: string } } }).createMachine({
    id: 'peterson',
    context: { pc: Array(n).fill('idle'), j: Array(n).fill(0), level: Array(n).fill(0), victim: Array(n).fill(0) },
    on: on as never,
  });
}
