import { LeasecheckError } from '../errors.ts';
import type { CompiledSystem } from './compile.ts';
import { callConstraint, callGuard } from './specCalls.ts';
import type { Symmetry } from './symmetry.ts';
import type { Trace, TraceStep } from './trace.ts';

/**
 * Walks a path found on canonical states (a search under symmetry) on concrete actors: from a concrete
 * state, each step takes the first action instance (in instance order) that is enabled and whose
 * successor has the canonical form of the next state on the path, and that `alike` accepts as standing
 * for the path's own instance (liveness: one of the same fairness group, so that fairness carries over).
 * Such an instance exists when the system is symmetric (the permutation that maps the canonical state to
 * the concrete one maps the path's action to one): LC031 when none does.
 */
class Lift {
  readonly steps: TraceStep[];
  private cur: Int32Array;
  private canonCur: Int32Array;
  private readonly canonNext: Int32Array;
  private readonly canonTry: Int32Array;

  constructor(
    private readonly cs: CompiledSystem,
    private readonly sym: Symmetry,
    private readonly alike: (pathInstance: number, concrete: number) => boolean = () => true,
  ) {
    const k = cs.actorNames.length;
    this.canonNext = new Int32Array(k);
    this.canonTry = new Int32Array(k);
    this.canonCur = new Int32Array(k);
    sym.canon(cs.initial, 0, this.canonCur);
    this.cur = new Int32Array(cs.initial);
    this.steps = [{ action: null, locals: this.cur }];
  }

  /** The concrete state reached so far. */
  get state(): Int32Array {
    return this.cur;
  }

  step(id: number): void {
    const { cs, sym, canonNext, canonTry } = this;
    const i = this.steps.length - 1;
    const onPath = successorOf(cs, this.canonCur, id);
    if (!onPath) throw new LeasecheckError('LC031', `symmetry: step ${i + 1} (${cs.instances[id].label}) of the canonical path is not enabled on replay`);
    sym.canon(onPath, 0, canonNext);
    let found: { t: number; next: Int32Array } | null = null;
    for (let t = 0; t < cs.instances.length && !found; t++) {
      if (!this.alike(id, t)) continue;
      const next = successorOf(cs, this.cur, t);
      if (!next) continue;
      sym.canon(next, 0, canonTry);
      if (canonTry.every((x, a) => x === canonNext[a])) found = { t, next };
    }
    if (!found) {
      throw new LeasecheckError('LC031', `symmetry: no action leads from step ${i} to a state symmetric to step ${i + 1}: the declared symmetry is not one of the system`);
    }
    const inst = cs.instances[found.t];
    this.steps.push({ action: { name: inst.action.name, label: inst.label, params: inst.params, instance: found.t }, locals: found.next });
    this.cur = found.next;
    this.canonCur = new Int32Array(canonNext);
  }
}

/** The concrete behaviour behind a path of action instances found on canonical states (see Lift). */
export function concreteTrace(cs: CompiledSystem, sym: Symmetry, path: readonly number[]): Trace {
  const lift = new Lift(cs, sym);
  for (const id of path) lift.step(id);
  return { steps: lift.steps };
}

/**
 * The concrete lasso behind a lasso found on canonical states: path[0 .. loop) leads to the loop state,
 * path[loop ..] is a cycle of canonical states back to it. On concrete actors one pass of the cycle
 * ends in a state of the loop state's orbit, not always the one it started from, so the cycle is walked
 * again until a pass starts from a concrete state some earlier pass started from (at most the orbit's
 * size, bounded by the group's order). `alike` keeps each concrete step in the fairness group of the
 * canonical one. Returns the trace (its loop set) and how many passes the prefix and the cycle took.
 */
export function concreteLasso(
  cs: CompiledSystem,
  sym: Symmetry,
  path: readonly number[],
  loop: number,
  alike: (pathInstance: number, concrete: number) => boolean,
): { trace: Trace; passesBefore: number; passes: number } {
  const lift = new Lift(cs, sym, alike);
  for (let i = 0; i < loop; i++) lift.step(path[i]);
  if (loop === path.length) return { trace: { steps: lift.steps, loop }, passesBefore: 0, passes: 0 };
  const starts = new Map<string, { step: number; pass: number }>();
  for (let pass = 0; ; pass++) {
    const key = lift.state.join(',');
    const seen = starts.get(key);
    if (seen) return { trace: { steps: lift.steps, loop: seen.step }, passesBefore: seen.pass, passes: pass - seen.pass };
    if (pass > sym.count) throw new LeasecheckError('LC031', `symmetry: the cycle of the lasso does not come back to a concrete state after ${pass} passes: the declared symmetry is not one of the system`);
    starts.set(key, { step: lift.steps.length - 1, pass });
    for (let i = loop; i < path.length; i++) lift.step(path[i]);
  }
}

/** The successor of vec by instance t (participants, then guard, then constraint), or null. */
export function successorOf(cs: CompiledSystem, vec: Int32Array, t: number): Int32Array | null {
  const inst = cs.instances[t];
  const next = new Int32Array(vec);
  for (let j = 0; j < inst.actors.length; j++) {
    const a = inst.actors[j];
    const nx = cs.tables[a].next(next[a], inst.events[j]);
    if (nx < 0) return null;
    next[a] = nx;
  }
  if (inst.action.guard && !callGuard(inst.action.guard, cs.view(vec), inst.params, inst.label)) return null;
  if (cs.constraint && !callConstraint(cs.constraint, cs.view(next))) return null;
  return next;
}
