import type { ExplorerName } from './explorers/index.ts';
import type { Measurement } from './one.ts';

export const MODEL = 'dining-philosophers';

/** One explorer at one N: measured, or skipped / failed with a reason. */
export interface Row {
  model: string;
  n: number;
  explorer: ExplorerName;
  status: 'ok' | 'skipped' | 'failed';
  states?: number;
  seconds?: number;
  statesPerSecond?: number;
  /** Peak RSS of the child process, and that peak minus its RSS before the search, MB. */
  peakRssMB?: number;
  rssDeltaMB?: number;
  /** This explorer's states/s divided by leasecheck's at the same N. */
  vsLeasecheck?: number;
  /** Seconds of every run (the best is `seconds`). */
  runs?: number[];
  note?: string;
}

export interface Target {
  label: string;
  n: number;
  other: ExplorerName;
  /** leasecheck states/s / other's states/s; null when one of them was not measured. */
  ratio: number | null;
  target: number;
  met: boolean | null;
}

export interface CountCheck {
  agree: boolean;
  /** Expected distinct states (trace(M^N)) for each N. */
  expected: Record<number, number>;
  mismatches: string[];
}

export function okRow(m: Measurement): Row {
  return {
    model: MODEL,
    n: m.n,
    explorer: m.explorer as ExplorerName,
    status: 'ok',
    states: m.states,
    seconds: m.seconds,
    statesPerSecond: m.states / m.seconds,
    peakRssMB: m.peakRssMB,
    rssDeltaMB: Math.max(0, m.peakRssMB - m.baseRssMB),
    runs: m.runs,
  };
}

export function noteRow(n: number, explorer: ExplorerName, status: 'skipped' | 'failed', note: string): Row {
  return { model: MODEL, n, explorer, status, note };
}

function find(rows: Row[], n: number, explorer: ExplorerName): Row | undefined {
  return rows.find((r) => r.n === n && r.explorer === explorer && r.status === 'ok');
}

/** Fills in vsLeasecheck on every measured row. */
export function addRatios(rows: Row[]): void {
  for (const r of rows) {
    const lc = find(rows, r.n, 'leasecheck');
    if (r.status === 'ok' && lc) r.vsLeasecheck = r.statesPerSecond! / lc.statesPerSecond!;
  }
}

/** Every measured count must equal trace(M^N); a failed measurement also fails the check. */
export function checkCounts(rows: Row[], expected: (n: number) => bigint): CountCheck {
  const exp: Record<number, number> = {};
  const mismatches: string[] = [];
  for (const n of [...new Set(rows.map((r) => r.n))]) exp[n] = Number(expected(n));
  for (const r of rows) {
    if (r.status === 'ok' && r.states !== exp[r.n]) mismatches.push(`${r.explorer} N=${r.n}: ${r.states} states, trace(M^N) = ${exp[r.n]}`);
    if (r.status === 'failed') mismatches.push(`${r.explorer} N=${r.n}: failed (${r.note})`);
  }
  return { agree: mismatches.length === 0, expected: exp, mismatches };
}

/** Issue 2's targets: leasecheck >= 200x xstate/graph at N=12, >= 1/3 of the hand BFS at N=14 and 16. */
export function targets(rows: Row[]): Target[] {
  const spec: [ExplorerName, number, number, string][] = [
    ['xstate-graph', 12, 200, 'leasecheck / xstate-graph at N=12'],
    ['hand-bfs', 14, 1 / 3, 'leasecheck / hand-bfs at N=14'],
    ['hand-bfs', 16, 1 / 3, 'leasecheck / hand-bfs at N=16'],
  ];
  return spec.map(([other, n, target, label]) => {
    const lc = find(rows, n, 'leasecheck');
    const o = find(rows, n, other);
    const ratio = lc && o ? lc.statesPerSecond! / o.statesPerSecond! : null;
    return { label, n, other, ratio, target, met: ratio === null ? null : ratio >= target };
  });
}
