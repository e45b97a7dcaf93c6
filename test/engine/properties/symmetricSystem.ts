/**
 * Random symmetric systems for symmetry reduction's property tests: two copies (c0, c1) of a random
 * system (randomSystem.ts), each action in either copy, each two-participant action also across the
 * copies (its first participant in one, its second in the other), every property and the constraint
 * over both copies alike. The copies are a declared symmetry group, so the reduced search must give
 * the plain search's verdicts. A module of its own so that worker threads can rebuild a system from
 * its description (SystemSpec.origin: this file, export symmetricSystem, args [description]).
 */
import type { AnyStateMachine } from 'xstate';
import { defineSystem, joint, type GlobalState, type JointAction, type System } from '../../../src/index.ts';
import { EVENTS, buildMachine, globalGuard, propertiesOf, statePred, type SystemDesc } from './randomSystem.ts';

const COPIES = ['c0', 'c1'] as const;
type Copy = (typeof COPIES)[number];
const other = (c: Copy): Copy => (c === 'c0' ? 'c1' : 'c0');
const nameIn = (c: Copy) => (i: number) => `${c}m${i}`;

/** The symmetric system of a random description, with the origin worker threads rebuild it from. */
export function symmetricSystem(d: SystemDesc): System {
  const n = d.machines.length;
  return defineSystem({
    name: 'random-symmetric',
    origin: { module: import.meta.url, export: 'symmetricSystem', args: [d] },
    build: () => {
      // One machine per role: both copies' actor i run the same machine (LC028 otherwise).
      const machines = d.machines.map((m, i) => buildMachine(m, `m${i}`));
      const actors: Record<string, { machine: AnyStateMachine }> = {};
      for (const c of COPIES) machines.forEach((m, i) => (actors[nameIn(c)(i)] = { machine: m }));
      type P = { c: Copy; k: number };
      const actions: JointAction<any>[] = [];
      d.actions.forEach((a, i) => {
        const guards = Object.fromEntries(COPIES.map((c) => [c, globalGuard(a.guard, n, nameIn(c))]));
        const guard = a.guard ? { guard: (s: GlobalState, p: P) => guards[p.c]!(s, p) } : {};
        const params = { c: [...COPIES], ...(a.param ? { k: [0, 1] } : {}) };
        const event = (q: { event: number }, p: P) => (a.param ? { type: `E${q.event}`, k: p.k } : { type: `E${q.event}` });
        actions.push(joint<P>({ name: `a${i}`, params, steps: (p: P) => a.participants.map((q) => ({ actor: nameIn(p.c)(q.actor), event: event(q, p) })), ...guard } as never));
        if (a.participants.length === 2) {
          actions.push(
            joint<P>({
              name: `x${i}`,
              params,
              steps: (p: P) => a.participants.map((q, j) => ({ actor: nameIn(j === 0 ? p.c : other(p.c))(q.actor), event: event(q, p) })),
              ...guard,
            } as never),
          );
        }
      });
      d.locals.forEach((on, i) => {
        if (on) actions.push(joint<{ c: Copy }>({ name: `local${i}`, params: { c: [...COPIES] }, steps: ({ c }) => ({ actor: nameIn(c)(Math.floor(i / EVENTS)), event: { type: `E${i % EVENTS}` } }) }));
      });
      const either = (p: SystemDesc['bad'][number]) => {
        const preds = COPIES.map((c) => statePred(p, nameIn(c)));
        return (s: GlobalState) => preds.some((f) => f(s));
      };
      const properties = propertiesOf(d, either);
      const sum = d.constraintSum;
      const all = COPIES.flatMap((c) => d.machines.map((_, i) => nameIn(c)(i)));
      return {
        actors,
        actions,
        properties,
        checkDeadlock: d.checkDeadlock,
        unhandledEvents: 'allow',
        ...(sum !== null ? { constraint: (s: GlobalState) => all.reduce((acc, a) => acc + (s[a].context.n as number), 0) <= sum } : {}),
        symmetry: { groups: [{ name: 'copies', members: COPIES.map((c) => d.machines.map((_, i) => nameIn(c)(i))) }] },
      };
    },
  });
}
