import type { ExplorerName, ModelName } from './explorers/index.ts';
import type { Measurement } from './one.ts';
import { knownStates } from './expected.ts';

/** One explorer on one model at one size: measured, or skipped / failed with a reason. */
export interface Row {
  model: ModelName;
  n: number;
  explorer: ExplorerName;
  status: 'ok' | 'skipped' | 'failed';
  states?: number;
  seconds?: number;
  statesPerSecond?: number;
  /** Peak RSS of the child process (SPIN: pan's total actual memory usage), and that peak minus its RSS before the search, MB. */
  peakRssMB?: number;
  rssDeltaMB?: number;
  /** Bytes per distinct state of the engine's own structures (leasecheck: fingerprint table + parent + action). */
  bytesPerState?: number;
  /** This explorer's states/s divided by leasecheck's (one thread) on the same model and size. */
  vsLeasecheck?: number;
  /** Seconds of every run (the best is `seconds`). */
  runs?: number[];
  /** The run stopped at a cap: states is what it found by then. */
  capped?: string;
  note?: string;
}

export interface Target {
  label: string;
  model: ModelName;
  n: number;
  /** Whose figure is the numerator (leasecheck or leasecheck-2w) and the denominator. */
  mine: ExplorerName;
  other: ExplorerName | 'bytes';
  /** mine states/s / other's states/s (or bytes per state); null when one of them was not measured. */
  ratio: number | null;
  target: number;
  /** true: ratio must be at least target; false: at most. */
  atLeast: boolean;
  met: boolean | null;
}

export interface CountCheck {
  agree: boolean;
  /** Per model and size: the count every explorer that ran found (known closed-form counts first). */
  expected: Record<string, number>;
  mismatches: string[];
}

export function okRow(m: Measurement): Row {
  return {
    model: m.model as ModelName,
    n: m.n,
    explorer: m.explorer as ExplorerName,
    status: 'ok',
    states: m.states,
    seconds: m.seconds,
    statesPerSecond: m.states / m.seconds,
    peakRssMB: m.peakRssMB,
    rssDeltaMB: Math.max(0, m.peakRssMB - m.baseRssMB),
    ...(m.engineBytes !== undefined ? { bytesPerState: m.engineBytes / m.states } : {}),
    runs: m.runs,
    ...(m.capped ? { capped: m.capped } : {}),
    ...(m.note ? { note: m.note } : {}),
  };
}

export function noteRow(model: ModelName, n: number, explorer: ExplorerName, status: 'skipped' | 'failed', note: string): Row {
  return { model, n, explorer, status, note };
}

function find(rows: Row[], model: ModelName, n: number, explorer: ExplorerName): Row | undefined {
  return rows.find((r) => r.model === model && r.n === n && r.explorer === explorer && r.status === 'ok');
}

/** Fills in vsLeasecheck on every measured row. */
export function addRatios(rows: Row[]): void {
  for (const r of rows) {
    const lc = find(rows, r.model, r.n, 'leasecheck');
    if (r.status === 'ok' && lc) r.vsLeasecheck = r.statesPerSecond! / lc.statesPerSecond!;
  }
}

/**
 * Every explorer that ran a model at a size must find the same count, and the known count where there
 * is one; a capped run is only a lower bound and is left out; a failed measurement fails the check.
 */
export function checkCounts(rows: Row[]): CountCheck {
  const expected: Record<string, number> = {};
  const mismatches: string[] = [];
  for (const r of rows) {
    const key = `${r.model} N=${r.n}`;
    if (r.status === 'failed') mismatches.push(`${r.explorer} ${key}: failed (${r.note})`);
    if (r.status !== 'ok' || r.capped) continue;
    const want = expected[key] ?? knownStates(r.model, r.n) ?? r.states!;
    expected[key] = want;
    if (r.states !== want) mismatches.push(`${r.explorer} ${key}: ${r.states} states, expected ${want}`);
  }
  return { agree: mismatches.length === 0, expected, mismatches };
}

/** The targets of issue 2 (the checker), issue 6 (speed and scale) and issue 13 (per state), reported (not enforced). */
export function targets(rows: Row[]): Target[] {
  const spec: [ModelName, number, ExplorerName, ExplorerName | 'bytes', number, boolean, string][] = [];
  // Issue 2: at least a third of the hand-written BFS at N = 14 and 16, at least 200x xstate/graph at N = 12.
  for (const n of [14, 16]) spec.push(['philosophers', n, 'leasecheck', 'hand-bfs', 1 / 3, true, `issue 2: leasecheck / hand-bfs, philosophers N=${n}`]);
  spec.push(['philosophers', 12, 'leasecheck', 'xstate-graph', 200, true, 'issue 2: leasecheck / xstate-graph, philosophers N=12']);
  for (const [model, n] of [['philosophers', 16], ['philosophers', 18], ['peterson', 6]] as [ModelName, number][]) {
    spec.push([model, n, 'leasecheck', 'hand-bfs', 0.7, true, `leasecheck / hand-bfs, ${model} N=${n}`]);
    spec.push([model, n, 'leasecheck', 'spin', 0.5, true, `leasecheck / spin, ${model} N=${n}`]);
    spec.push([model, n, 'leasecheck-2w', 'spin', 1, true, `leasecheck 2 workers / spin, ${model} N=${n}`]);
  }
  spec.push(['philosophers', 12, 'leasecheck', 'xstate-graph', 300, true, 'leasecheck / xstate-graph, philosophers N=12']);
  spec.push(['peterson', 4, 'leasecheck', 'xstate-graph', 300, true, 'leasecheck / xstate-graph, peterson N=4']);
  for (const [model, n] of [['philosophers', 18], ['peterson', 6]] as [ModelName, number][]) {
    spec.push([model, n, 'leasecheck', 'bytes', 32, false, `engine bytes per state, ${model} N=${n}`]);
  }
  // Issue 13, per state without reduction on the large instances: one thread at least the hand BFS and
  // twice SPIN's BFS, two workers at least 1.6 times one thread.
  for (const [model, n] of [['philosophers', 16], ['philosophers', 18], ['peterson', 6]] as [ModelName, number][]) {
    spec.push([model, n, 'leasecheck', 'hand-bfs', 1, true, `issue 13: leasecheck / hand-bfs, ${model} N=${n}`]);
    spec.push([model, n, 'leasecheck', 'spin', 2, true, `issue 13: leasecheck / spin, ${model} N=${n}`]);
    spec.push([model, n, 'leasecheck-2w', 'leasecheck', 1.6, true, `issue 13: 2 workers / 1 thread, ${model} N=${n}`]);
  }
  return spec.map(([model, n, mine, other, target, atLeast, label]) => {
    const a = find(rows, model, n, mine);
    let ratio: number | null = null;
    if (other === 'bytes') ratio = a?.bytesPerState ?? null;
    else {
      const b = find(rows, model, n, other);
      ratio = a && b ? a.statesPerSecond! / b.statesPerSecond! : null;
    }
    return { label, model, n, mine, other, ratio, target, atLeast, met: ratio === null ? null : atLeast ? ratio >= target : ratio <= target };
  });
}
