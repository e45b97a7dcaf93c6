import type { LiveGraph } from './graph.ts';

/**
 * Called once per strongly connected component, in Tarjan's order (a component is reported only after
 * every component it can reach). Its states are `stack[from .. to)`; the array is scratch space, valid
 * only during the call. The callback may relabel `region[]` of these states (they are finished).
 */
export type OnScc = (stack: Int32Array, from: number, to: number) => void;

/**
 * Iterative Tarjan over the subgraph of the states s with `region[s] === rid`: no recursion, no object
 * per state or edge, O(states + edges) of the region. One instance keeps its scratch arrays (sized to
 * the whole graph) across runs, so the Emerson–Lei refinement can re-run it on sub-regions.
 */
export class SccFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callNode: Int32Array;
  private readonly callEdge: Int32Array;
  private counter = 0;

  constructor(private readonly g: LiveGraph) {
    const n = g.n;
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callEdge = new Int32Array(n);
  }

  /**
   * Finds the SCCs of region `rid`, starting from `roots[0 .. nRoots)` in order (every state of the
   * region must be among the roots). Roots outside the region or already visited are skipped.
   */
  run(roots: Int32Array, nRoots: number, region: Int32Array, rid: number, onScc: OnScc): void {
    const { off, tgt } = this.g;
    const { index, low, onStack, stack, callNode, callEdge } = this;
    // A region may be re-run after refinement: forget its states' old visit numbers.
    for (let i = 0; i < nRoots; i++) index[roots[i]] = -1;
    let sp = 0;
    for (let r = 0; r < nRoots; r++) {
      const root = roots[r];
      if (region[root] !== rid || index[root] !== -1) continue;
      let csp = 0;
      index[root] = low[root] = this.counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      callNode[csp] = root;
      callEdge[csp] = off[root];
      csp++;
      while (csp > 0) {
        const v = callNode[csp - 1];
        const e = callEdge[csp - 1];
        if (e < off[v + 1]) {
          callEdge[csp - 1] = e + 1;
          const w = tgt[e];
          if (region[w] !== rid) continue;
          if (index[w] === -1) {
            index[w] = low[w] = this.counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            callNode[csp] = w;
            callEdge[csp] = off[w];
            csp++;
          } else if (onStack[w] === 1 && index[w] < low[v]) {
            low[v] = index[w];
          }
          continue;
        }
        csp--;
        if (low[v] === index[v]) {
          let k = sp - 1;
          while (stack[k] !== v) k--;
          for (let i = k; i < sp; i++) onStack[stack[i]] = 0;
          onScc(stack, k, sp);
          sp = k;
        }
        if (csp > 0) {
          const u = callNode[csp - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
      }
    }
  }
}
