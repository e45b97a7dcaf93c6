import { traceToJSON, replayKey, type TraceJSON } from '../engine/trace.ts';
import { formatTraceText } from '../report/traceText.ts';
import { fmt } from '../util/format.ts';
import { terminalText } from '../util/controls.ts';
import { counted } from '../util/plural.ts';
import type { SimulationResult, SimVerdict } from './simulate.ts';

export interface SimPropertyJSON {
  id: string;
  kind: 'always' | 'sometimes' | 'deadlock';
  verdict: SimVerdict;
  description?: string;
  /** The shrunk counterexample or witness, in check's trace format. */
  trace?: TraceJSON;
  /** Steps of the random run that found it, and after shrinking; null when nothing was found. */
  originalLength: number | null;
  shrunkLength: number | null;
  foundInRun?: number;
  explanation?: string[];
}

export interface SimulationJSON {
  system: string;
  scope: Record<string, number>;
  mode: 'simulation';
  properties: SimPropertyJSON[];
  /** Properties simulation does not decide (liveness, possibility). */
  unchecked: { id: string; kind: string }[];
  stats: {
    runs: number;
    steps: number;
    seconds: number;
    seed: number;
    depth: number;
    longestRun: number;
    shrinkRuns: number;
    stoppedBy?: string;
  };
}

/** Extra words per property (e.g. the DAX model's explanation of a violation), by id. */
export type Explain = (id: string) => string | undefined;

/** The `--json` form of a simulation: check's shape, with originalLength / shrunkLength per finding. */
export function simulationToJSON(r: SimulationResult, explain: Explain = () => undefined): SimulationJSON {
  return {
    system: r.system.name,
    scope: { ...r.system.scope },
    mode: 'simulation',
    properties: r.properties.map((p) => {
      const why = p.verdict === 'violated' ? explain(p.id) : undefined;
      return {
        id: p.id,
        kind: p.kind,
        verdict: p.verdict,
        ...(p.description ? { description: p.description } : {}),
        ...(p.trace ? { trace: traceToJSON(r.system, p.trace) } : {}),
        originalLength: p.originalLength ?? null,
        shrunkLength: p.shrunkLength ?? null,
        ...(p.foundInRun !== undefined ? { foundInRun: p.foundInRun } : {}),
        ...(why ? { explanation: [why] } : {}),
      };
    }),
    unchecked: r.unchecked,
    stats: {
      runs: r.stats.runs,
      steps: r.stats.steps,
      seconds: r.stats.seconds,
      seed: r.stats.seed,
      depth: r.stats.depth,
      longestRun: r.stats.longestRun,
      shrinkRuns: r.stats.shrinkRuns,
      ...(r.stats.stoppedBy ? { stoppedBy: r.stats.stoppedBy } : {}),
    },
  };
}

/** The human form: summary with the seed, a verdict table, then each shrunk trace (check's trace text). */
export function formatSimulationText(r: SimulationResult, explain: Explain = () => undefined): string {
  const { stats } = r;
  const scope = Object.entries(r.system.scope).map(([k, v]) => `${k}=${v}`).join(', ');
  const out: string[] = [];
  out.push(`leasecheck simulate: ${r.system.name}${scope ? ` at scope ${scope}` : ''}`);
  // The same seed repeats the runs only with the same options, and not where a clock or Ctrl-C cut them short.
  out.push(`seed ${stats.seed} (${stats.stoppedBy ? 'stopped early, so a run with this seed may get further' : 'the same seed with the same options gives the same result'}: --seed ${stats.seed})`);
  const rate = stats.seconds > 0 ? stats.steps / stats.seconds : 0;
  out.push(
    `${counted(stats.runs, 'random run', fmt(stats.runs))} of up to ${counted(stats.depth, 'step')}: ${counted(stats.steps, 'step', fmt(stats.steps))} in ${stats.seconds.toFixed(2)} s ` +
      // Each shrink attempt walks one candidate behaviour; they are not runs and not counted in them.
      `(${fmt(rate)} steps/s), longest run ${counted(stats.longestRun, 'step')}, ${counted(stats.shrinkRuns, 'shrink attempt', fmt(stats.shrinkRuns))}`,
  );
  if (stats.stoppedBy === 'timeout') out.push('stopped early because it reached --timeout');
  if (stats.stoppedBy === 'interrupted') out.push('INCOMPLETE: stopped by Ctrl-C; what it found until then is below');
  out.push('');
  const rows = [...r.properties.map((p) => p.id), ...r.unchecked.map((u) => u.id)];
  const width = Math.max(...rows.map((id) => id.length));
  for (const p of r.properties) {
    const v = STATUS_WORDS[p.verdict];
    const tail =
      p.trace && p.originalLength !== undefined
        ? `${p.verdict === 'witnessed' ? 'witness' : 'counterexample'}: ${counted(p.shrunkLength ?? 0, 'step')} (shrunk from ${p.originalLength}, run ${p.foundInRun})`
        : p.kind === 'sometimes'
          ? `no witness found in ${counted(stats.runs, 'run', fmt(stats.runs))}`
          : `no violation found in ${counted(stats.runs, 'run', fmt(stats.runs))}`;
    out.push(`  ${v.padEnd(STATUS_WIDTH)}  ${p.id.padEnd(width)}  ${kindWord(p.kind).padEnd(KIND_WIDTH)}  ${tail}`);
  }
  for (const u of r.unchecked) out.push(`  ${'-'.padEnd(STATUS_WIDTH)}  ${u.id.padEnd(width)}  ${kindWord(u.kind).padEnd(KIND_WIDTH)}  not checked by simulation (use check)`);
  const violated = r.properties.filter((p) => p.verdict === 'violated').length;
  out.push('');
  out.push(
    violated === 0 && stats.runs === 0
      ? 'INCOMPLETE: no random run was made before --timeout stopped the simulation; nothing was checked'
      : violated === 0
      ? `no violation found in ${counted(stats.runs, 'run', fmt(stats.runs))} (random simulation proves nothing; check explores every state)`
      : `${violated} ${violated === 1 ? 'property' : 'properties'} VIOLATED`,
  );
  for (const p of r.properties) {
    if (!p.trace) continue;
    out.push('');
    const what = p.verdict === 'witnessed' ? 'witness' : 'counterexample';
    out.push(`${p.id} ${p.verdict === 'witnessed' ? 'is witnessed' : 'is VIOLATED'}${p.description ? `: ${p.description}` : ''}`);
    out.push(
      `shrunk ${what}, ${counted(p.shrunkLength ?? 0, 'step')} (the random run reached it in ${p.originalLength}; replay key ${replayKey(p.trace) || '(initial state)'}):`,
    );
    out.push(...formatTraceText(r.system, p.trace));
    const why = p.verdict === 'violated' ? explain(p.id) : undefined;
    if (why) out.push(`  ${why}`);
  }
  return terminalText(out.join('\n'));
}

const STATUS_WORDS: Record<SimVerdict, string> = { violated: 'VIOLATED', witnessed: 'witnessed', 'not-found': 'not found' };
const KIND_WORDS: Record<string, string> = { always: 'invariant', sometimes: 'witness', deadlock: 'deadlock', leadsTo: 'liveness', eventually: 'liveness', possibly: 'possibility' };
// Fixed column widths, two spaces apart: the longest status ("not found") and kind ("possibility")
// words would otherwise run into the next column.
const STATUS_WIDTH = Math.max(...Object.values(STATUS_WORDS).map((w) => w.length));
const KIND_WIDTH = Math.max(...Object.values(KIND_WORDS).map((w) => w.length));

function kindWord(k: string): string {
  return KIND_WORDS[k] ?? k;
}
