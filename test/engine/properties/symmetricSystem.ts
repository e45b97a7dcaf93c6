/**
 * Random symmetric systems for symmetry reduction's property tests: two copies (c0, c1) of a random
 * system (randomSystem.ts), each action in either copy, each two-participant action also across the
 * copies (its first participant in one, its second in the other), every property and the constraint
 * over both copies alike. The copies are a declared symmetry group, so the reduced search must give
 * the plain search's verdicts. A module of its own so that worker threads can rebuild a system from
 * its description (SystemSpec.origin: this file, export symmetricSystem, args [description, options]).
 *
 * With `live` (and three copies) every action is fair (weak, a third of them strong), the odd ones one
 * group across the copies (`a3`), the others one group per copy (`a2@c1`: its first participant's
 * copy), and the system has liveness properties as a spec would declare them for symmetry: `live-c0`
 * (P in c0 ~> Q in c0, assuming only c0's groups; fixes c0), `live-any` (P in some copy ~> Q in some
 * copy, assuming the groups across copies; fixes nothing) and `poss-any` (AG EF Q in some copy; fixes
 * nothing).
 */
import type { AnyStateMachine } from 'xstate';
import { defineSystem, joint, leadsTo, possibly, type GlobalState, type JointAction, type Property, type System } from '../../../src/index.ts';
import { EVENTS, buildMachine, globalGuard, propertiesOf, statePred, type SystemDesc } from './randomSystem.ts';

export interface SymmetricOptions {
  copies?: 2 | 3;
  live?: boolean;
}

type Copy = string;
const nameIn = (c: Copy) => (i: number) => `${c}m${i}`;

/** The symmetric system of a random description, with the origin worker threads rebuild it from. */
export function symmetricSystem(d: SystemDesc, o: SymmetricOptions = {}): System {
  const n = d.machines.length;
  const COPIES: Copy[] = o.copies === 3 ? ['c0', 'c1', 'c2'] : ['c0', 'c1'];
  // Two copies: the other one; three: every ordered pair, as one parameter.
  const pairs = COPIES.flatMap((c) => COPIES.filter((e) => e !== c).map((e) => `${c}>${e}`));
  const strong = (i: number) => i % 3 === 2;
  // Odd actions are one group across the copies (which every swap maps onto itself); the others one per copy.
  const fair = (name: string, i: number) =>
    o.live
      ? { fairness: strong(i) ? ('strong' as const) : ('weak' as const), fairnessGroup: (p: { c?: Copy; pair?: string }) => (i % 2 === 1 ? name : `${name}@${p.c ?? p.pair!.split('>')[0]}`) }
      : {};
  return defineSystem({
    name: 'random-symmetric',
    origin: { module: import.meta.url, export: 'symmetricSystem', args: [d, o] },
    build: () => {
      // One machine per role: both copies' actor i run the same machine (LC028 otherwise).
      const machines = d.machines.map((m, i) => buildMachine(m, `m${i}`));
      const actors: Record<string, { machine: AnyStateMachine }> = {};
      for (const c of COPIES) machines.forEach((m, i) => (actors[nameIn(c)(i)] = { machine: m }));
      type P = { c?: Copy; pair?: string; k: number };
      const actions: JointAction<any>[] = [];
      d.actions.forEach((a, i) => {
        const guards = Object.fromEntries(COPIES.map((c) => [c, globalGuard(a.guard, n, nameIn(c))]));
        const guard = a.guard ? { guard: (s: GlobalState, p: P) => guards[p.c ?? p.pair!.split('>')[0]]!(s, p as never) } : {};
        const params = { c: [...COPIES], ...(a.param ? { k: [0, 1] } : {}) };
        const event = (q: { event: number }, p: P) => (a.param ? { type: `E${q.event}`, k: p.k } : { type: `E${q.event}` });
        actions.push(joint<P>({ name: `a${i}`, params, steps: (p: P) => a.participants.map((q) => ({ actor: nameIn(p.c!)(q.actor), event: event(q, p) })), ...guard, ...fair(`a${i}`, i) } as never));
        if (a.participants.length === 2) {
          const across = (p: P, j: number) => (p.pair ? p.pair.split('>')[j] : j === 0 ? p.c! : COPIES[1 - COPIES.indexOf(p.c!)]);
          actions.push(
            joint<P>({
              name: `x${i}`,
              params: COPIES.length === 2 ? params : { pair: pairs, ...(a.param ? { k: [0, 1] } : {}) },
              steps: (p: P) => a.participants.map((q, j) => ({ actor: nameIn(across(p, j))(q.actor), event: event(q, p) })),
              ...guard,
              ...fair(`x${i}`, i),
            } as never),
          );
        }
      });
      d.locals.forEach((on, i) => {
        if (on) actions.push(joint<{ c: Copy }>({ name: `local${i}`, params: { c: [...COPIES] }, steps: ({ c }: { c: Copy }) => ({ actor: nameIn(c)(Math.floor(i / EVENTS)), event: { type: `E${i % EVENTS}` } }), ...fair(`local${i}`, i) } as never));
      });
      const either = (p: SystemDesc['bad'][number]) => {
        const preds = COPIES.map((c) => statePred(p, nameIn(c)));
        return (s: GlobalState) => preds.some((f) => f(s));
      };
      const properties = [...propertiesOf(d, either), ...(o.live ? liveProperties(d, COPIES) : [])];
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

/** The liveness properties of a `live` system (see the module comment). */
function liveProperties(d: SystemDesc, copies: Copy[]): Property[] {
  // From a state where the copy's first actor is in its initial state, some state of a `good` (else
  // `bad`) predicate: often reachable, often avoidable forever.
  const P = { a: 0, state: 0, b: 0, atLeast: 0 };
  const Q = d.good[0] ?? d.bad[0];
  const inC0 = (x: typeof P) => statePred(x, nameIn('c0'));
  const inAny = (x: typeof P) => {
    const preds = copies.map((c) => statePred(x, nameIn(c)));
    return (s: GlobalState) => preds.some((f) => f(s));
  };
  return [
    leadsTo('live-c0', inC0(P), inC0(Q), { fairness: (key) => key.endsWith('@c0'), fixes: d.machines.map((_, i) => nameIn('c0')(i)) }),
    leadsTo('live-any', inAny(P), inAny(Q), { fairness: (key) => !key.includes('@'), fixes: [] }),
    possibly('poss-any', inAny(Q), { fixes: [] }),
  ];
}
