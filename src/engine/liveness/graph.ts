import type { Exploration } from '../explore.ts';

/**
 * The explored state graph as the liveness algorithms read it: forward CSR over every known state
 * (states the search did not expand have no out-edges here; `expanded` says which ones those are),
 * and the reverse CSR, built on first use. All typed arrays, no object per state or edge.
 */
export interface LiveGraph {
  /** Distinct states known (expanded or not). */
  n: number;
  /** States 0 .. expanded-1 were expanded (BFS order is index order), so their out-edges are complete. */
  expanded: number;
  /** State s's edges are [off[s], off[s+1]); length n + 1. */
  off: Int32Array;
  tgt: Int32Array;
  act: Int32Array;
  /** Reverse CSR: the sources of the edges into state v are rsrc[roff[v] .. roff[v+1]), their action instances ract[...]. */
  reverse(): { roff: Int32Array; rsrc: Int32Array; ract: Int32Array };
}

/**
 * The liveness view of an exploration's recorded graph. Not cached here: the caller keeps it for as long
 * as it checks properties, so the reverse CSR does not outlive the check (an Exploration often does).
 */
export function liveGraphOf(ex: Exploration): LiveGraph {
  const g = ex.graph;
  if (!g) throw new Error('bug: liveness checking needs the exploration to record its graph');
  const n = ex.distinct;
  // offsets has one entry per expanded state plus a leading 0; pad the unexpanded states with empty ranges.
  const expanded = g.offsets.length - 1;
  const m = g.targets.length;
  const off = new Int32Array(n + 1);
  off.set(g.offsets.data.subarray(0, expanded + 1));
  off.fill(m, expanded + 1);
  const tgt = g.targets.data.subarray(0, m);
  const act = g.actions.data.subarray(0, m);
  let rev: { roff: Int32Array; rsrc: Int32Array; ract: Int32Array } | null = null;
  const lg: LiveGraph = {
    n,
    expanded,
    off,
    tgt,
    act,
    reverse() {
      if (rev) return rev;
      const roff = new Int32Array(n + 1);
      for (let e = 0; e < m; e++) roff[tgt[e] + 1]++;
      for (let v = 0; v < n; v++) roff[v + 1] += roff[v];
      const fill = roff.slice(0, n);
      const rsrc = new Int32Array(m);
      const ract = new Int32Array(m);
      for (let u = 0; u < expanded; u++) {
        for (let e = off[u], end = off[u + 1]; e < end; e++) {
          const i = fill[tgt[e]]++;
          rsrc[i] = u;
          ract[i] = act[e];
        }
      }
      rev = { roff, rsrc, ract };
      return rev;
    },
  };
  return lg;
}
