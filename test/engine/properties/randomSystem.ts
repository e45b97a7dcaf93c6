/**
 * Random small systems for property tests of the engine: 2-4 XState machines of 2-4 states with a
 * context counter, events with random guards over the counter and random effects on it, and 1-8 joint
 * actions of 1-2 participants (an actor may take two events in one action) with an optional global
 * guard and an optional parameter. Generated as plain data by fast-check (so a failing system shrinks
 * to a small one and prints readably), then built with setup().createMachine() and defineSystem().
 */
import fc from 'fast-check';
import { assign, setup, type AnyStateMachine } from 'xstate';
import { always, defineSystem, joint, sometimes, type GlobalState, type JointAction, type Property, type System } from '../../../src/index.ts';

/** A guard on the counter n: n < k, n == k, or n >= k. */
export interface CounterGuard {
  op: 'lt' | 'eq' | 'ge';
  k: number;
}

export interface TransitionDesc {
  from: number;
  event: number;
  to: number;
  guard: CounterGuard | null;
  /** inc and dec wrap around 0..max; `param` sets n to the event's k (mod max + 1). */
  effect: 'none' | 'inc' | 'dec' | 'reset' | 'param';
}

export interface MachineDesc {
  states: number;
  /** The counter runs over 0..max. */
  max: number;
  /** The last state is final (the actor's status becomes done there). */
  finalLast: boolean;
  transitions: TransitionDesc[];
}

export interface GlobalGuardDesc {
  actor: number;
  /**
   * in: actor in state `value`; atLeast: actor's n >= value; notParam: actor's n !== the action's k;
   * branch: which actor is read next depends on what was read (actor in state `value`? then the next
   * actor's n >= 1, else the one after it in state s0), so a read-set memo builds a tree of two levels.
   */
  kind: 'in' | 'atLeast' | 'notParam' | 'branch';
  value: number;
  negate: boolean;
}

export interface ActionDesc {
  participants: { actor: number; event: number }[];
  /** The action has a parameter k in [0, 1] (two instances); events carry it. */
  param: boolean;
  guard: GlobalGuardDesc | null;
}

/** A state predicate: actor a in state `state` and actor b's n >= atLeast. */
export interface StatePredDesc {
  a: number;
  state: number;
  b: number;
  atLeast: number;
}

export interface SystemDesc {
  machines: MachineDesc[];
  /** Per actor and event (actor * EVENTS + event): a one-participant action of its own, unguarded. */
  locals: boolean[];
  actions: ActionDesc[];
  /** Invariants `not P` for each P, and witnesses `sometimes P`. */
  bad: StatePredDesc[];
  good: StatePredDesc[];
  /** Successors whose counters sum above this are cut (TLC's CONSTRAINT). */
  constraintSum: number | null;
  checkDeadlock: boolean;
}

export const EVENTS = 2;

/** null `weight` times out of weight + 1, else a value of arb. */
function sometimesNull<T>(arb: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight }, { arbitrary: arb, weight: 1 });
}

function machineArb(): fc.Arbitrary<MachineDesc> {
  return fc
    .record({ states: fc.integer({ min: 2, max: 4 }), max: fc.integer({ min: 1, max: 2 }), finalLast: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, fc.constant(true)) })
    .chain(({ states, max, finalLast }) => {
      // Per state and event: no transition (a quarter of the time), or one or two guarded alternatives.
      const alternative = fc.record({
        // Mostly to another state (a self-loop a fifth of the time).
        to: fc.oneof({ arbitrary: fc.integer({ min: 1, max: states - 1 }), weight: 4 }, fc.constant(0)),
        guard: sometimesNull(fc.record({ op: fc.constantFrom('lt' as const, 'eq' as const, 'ge' as const), k: fc.integer({ min: 0, max }) }), 2),
        effect: fc.constantFrom('none' as const, 'inc' as const, 'dec' as const, 'reset' as const, 'param' as const),
      });
      const cell = fc.oneof({ arbitrary: fc.constant([]), weight: 1 }, { arbitrary: fc.array(alternative, { minLength: 1, maxLength: 2 }), weight: 3 });
      return fc.record({
        states: fc.constant(states),
        max: fc.constant(max),
        finalLast: fc.constant(finalLast),
        transitions: fc
          .array(fc.array(cell, { minLength: EVENTS, maxLength: EVENTS }), { minLength: states, maxLength: states })
          .map((table) => table.flatMap((row, from) => row.flatMap((alts, event) => alts.map((a) => ({ from, event, ...a, to: (from + a.to) % states }))))),
      });
    });
}

function predArb(actors: number): fc.Arbitrary<StatePredDesc> {
  return fc.record({
    a: fc.integer({ min: 0, max: actors - 1 }),
    state: fc.integer({ min: 0, max: 3 }),
    b: fc.integer({ min: 0, max: actors - 1 }),
    atLeast: fc.integer({ min: 0, max: 2 }),
  });
}

/** Random system descriptions. */
export function systemDescArb(): fc.Arbitrary<SystemDesc> {
  return fc.array(machineArb(), { minLength: 2, maxLength: 4, size: 'max' }).chain((machines) => {
    const n = machines.length;
    const actor = fc.integer({ min: 0, max: n - 1 });
    const participant = fc.record({ actor, event: fc.integer({ min: 0, max: EVENTS - 1 }) });
    return fc.record({
      machines: fc.constant(machines),
      locals: fc.array(fc.boolean(), { minLength: n * EVENTS, maxLength: n * EVENTS }),
      actions: fc.array(
        fc.record({
          participants: fc.oneof({ arbitrary: fc.array(participant, { minLength: 1, maxLength: 1 }), weight: 2 }, fc.array(participant, { minLength: 2, maxLength: 2 })),
          param: fc.boolean(),
          guard: sometimesNull(
            fc.record({
              actor,
              kind: fc.constantFrom('in' as const, 'atLeast' as const, 'notParam' as const, 'branch' as const),
              value: fc.integer({ min: 0, max: 3 }),
              negate: fc.boolean(),
            }),
            2,
          ),
        }),
        { minLength: 1, maxLength: 8, size: 'max' },
      ),
      bad: fc.array(predArb(n), { minLength: 1, maxLength: 3 }),
      good: fc.array(predArb(n), { maxLength: 2 }),
      constraintSum: sometimesNull(fc.integer({ min: 1, max: 5 }), 3),
      checkDeadlock: fc.boolean(),
    });
  });
}

type Ctx = { n: number; max: number };
type Ev = { type: string; k?: number };

function counterGuard(g: CounterGuard | null): ((a: { context: Ctx }) => boolean) | undefined {
  if (!g) return undefined;
  const { op, k } = g;
  return ({ context }) => (op === 'lt' ? context.n < k : op === 'eq' ? context.n === k : context.n >= k);
}

function effectOf(effect: TransitionDesc['effect']) {
  switch (effect) {
    case 'none':
      return undefined;
    case 'inc':
      return assign(({ context }: { context: Ctx }) => ({ n: (context.n + 1) % (context.max + 1) }));
    case 'dec':
      return assign(({ context }: { context: Ctx }) => ({ n: (context.n + context.max) % (context.max + 1) }));
    case 'reset':
      return assign(() => ({ n: 0 }));
    case 'param':
      return assign(({ context, event }: { context: Ctx; event: Ev }) => ({ n: (event.k ?? 0) % (context.max + 1) }));
  }
}

/** One machine, built programmatically. */
export function buildMachine(d: MachineDesc, id: string): AnyStateMachine {
  const states: Record<string, unknown> = {};
  for (let s = 0; s < d.states; s++) {
    const final = d.finalLast && s === d.states - 1;
    const on: Record<string, unknown[]> = {};
    if (!final) {
      for (const t of d.transitions) {
        if (t.from !== s || t.to >= d.states) continue;
        (on[`E${t.event}`] ??= []).push({
          target: `s${t.to}`,
          ...(t.guard ? { guard: counterGuard(t.guard) } : {}),
          ...(t.effect !== 'none' ? { actions: effectOf(t.effect) } : {}),
        });
      }
    }
    states[`s${s}`] = final ? { type: 'final' } : { on };
  }
  return setup({ types: { context: {} as Ctx, events: {} as Ev } }).createMachine({
    id,
    context: { n: 0, max: d.max },
    initial: 's0',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    states: states as any,
  });
}

export const actorName = (i: number) => `m${i}`;

/** The predicate P of a description; `name` gives actor i's name (symmetricSystem.ts: within one copy). */
export function statePred(p: StatePredDesc, name: (i: number) => string = actorName): (s: GlobalState) => boolean {
  const a = name(p.a);
  const b = name(p.b);
  return (s) => s[a].matches(`s${p.state}`) && (s[b].context.n as number) >= p.atLeast;
}

/** An action's global guard; `name` as in statePred. */
export function globalGuard(g: GlobalGuardDesc | null, machines: number, name: (i: number) => string = actorName): JointAction<{ k: number }>['guard'] {
  if (!g) return undefined;
  const a = name(g.actor);
  const b = name((g.actor + 1) % machines);
  const c = name((g.actor + 2) % machines);
  const base =
    g.kind === 'in'
      ? (s: GlobalState) => s[a].matches(`s${g.value}`)
      : g.kind === 'atLeast'
        ? (s: GlobalState) => (s[a].context.n as number) >= g.value
        : g.kind === 'branch'
          ? (s: GlobalState) => (s[a].matches(`s${g.value}`) ? (s[b].context.n as number) >= 1 : s[c].matches('s0'))
          : (s: GlobalState, p: { k: number }) => (s[a].context.n as number) !== (p.k ?? 0);
  return g.negate ? (s, p) => !base(s, p) : (s, p) => base(s, p);
}

/** The system a description stands for. */
export function buildSystem(d: SystemDesc, name = 'random'): System {
  return defineSystem({
    name,
    build: () => {
      const actors: Record<string, { machine: AnyStateMachine }> = {};
      d.machines.forEach((m, i) => (actors[actorName(i)] = { machine: buildMachine(m, actorName(i)) }));
      const actions: JointAction<any>[] = d.actions.map((a, i) =>
        joint<{ k: number }>({
          name: `a${i}`,
          ...(a.param ? { params: { k: [0, 1] } } : {}),
          steps: (p) =>
            a.participants.map((q) => ({ actor: actorName(q.actor), event: a.param ? { type: `E${q.event}`, k: p.k } : { type: `E${q.event}` } })),
          ...(a.guard ? { guard: globalGuard(a.guard, d.machines.length) } : {}),
        }),
      );
      d.locals.forEach((on, i) => {
        if (on) actions.push(joint({ name: `local${i}`, steps: () => ({ actor: actorName(Math.floor(i / EVENTS)), event: { type: `E${i % EVENTS}` } }) }));
      });
      const properties = propertiesOf(d, (p) => statePred(p));
      const sum = d.constraintSum;
      return {
        actors,
        actions,
        properties,
        checkDeadlock: d.checkDeadlock,
        // Random machines take some events in no state: those actions never fire, on purpose.
        unhandledEvents: 'allow',
        ...(sum !== null ? { constraint: (s: GlobalState) => d.machines.reduce((acc, _m, i) => acc + (s[actorName(i)].context.n as number), 0) <= sum } : {}),
      };
    },
  });
}

/** Invariants `not P` for each bad P and witnesses for each good P, P as `pred` builds it. */
export function propertiesOf(d: SystemDesc, pred: (p: StatePredDesc) => (s: GlobalState) => boolean): Property[] {
  return [
    ...d.bad.map((p, i) => {
      const f = pred(p);
      return always(`inv${i}`, (s) => !f(s));
    }),
    ...d.good.map((p, i) => sometimes(`wit${i}`, pred(p))),
  ];
}

/** The predicate of property `id` of a built system (for comparing with the reference explorer). */
export function predicateOf(d: SystemDesc, id: string): (s: GlobalState) => boolean {
  const i = Number(id.slice(3));
  if (id.startsWith('inv')) {
    const p = statePred(d.bad[i]);
    return (s) => !p(s);
  }
  return statePred(d.good[i]);
}

/** fast-check settings shared by the property tests: fixed seeds, so every CI run tries the same systems. */
export const FC = (seed: number, numRuns: number): fc.Parameters<unknown> => ({ seed, numRuns, endOnFailure: false });
