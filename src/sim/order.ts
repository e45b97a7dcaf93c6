import type { CompiledSystem } from '../engine/compile.ts';

export interface ShrinkOrder {
  /** Instance ids, first preferred. */
  order: Int32Array;
  /** Per instance id: the largest position of one of its parameter values in its declared domain. */
  rank: Int32Array;
}

/**
 * The order in which a simulation lists the enabled action instances of a state: choice 0 is the first.
 * Shrinking pushes choices towards 0, so this order is what a shrunk behaviour prefers.
 *
 * An instance's rank is the position of each of its parameter values in the parameter's declared
 * domain: `p: A` is 0, `p: B` is 1, `mr: mr1` is 1, ... Instances are sorted by the largest position
 * (an instance that involves only the first process, the first MR slot, ... comes first), then by
 * the sum of positions, then by declaration order. So a shrunk counterexample involves as few
 * processes (and slots, fds, blocks) as the scope allows, and prefers process A to B.
 */
export function shrinkOrder(cs: CompiledSystem): ShrinkOrder {
  const rank = new Int32Array(cs.instances.length);
  const keyed = cs.instances.map((inst) => {
    let max = 0;
    let sum = 0;
    const domains = inst.action.params ?? {};
    for (const [k, values] of Object.entries(domains)) {
      const at = Math.max(0, (values as readonly unknown[]).indexOf(inst.params[k]));
      if (at > max) max = at;
      sum += at;
    }
    rank[inst.id] = max;
    return { id: inst.id, max, sum };
  });
  keyed.sort((x, y) => x.max - y.max || x.sum - y.sum || x.id - y.id);
  return { order: Int32Array.from(keyed.map((k) => k.id)), rank };
}
