import { searchWords } from './searchWords.ts';
import { traceToJSON, replayKey, type TraceJSON } from '../engine/trace.ts';
import { formatTraceText } from './traceText.ts';
import { fmt } from '../util/format.ts';
import { counted } from '../util/plural.ts';
import { terminalText } from '../util/controls.ts';
import type { CheckSuccess, CheckStats, Verdict } from '../engine/check.ts';
import type { PropertyKind } from '../spec/property.ts';

export interface PropertyJSON {
  id: string;
  kind: PropertyKind;
  verdict: Verdict;
  description?: string;
  trace?: TraceJSON;
  /** With a trace: whether it is known to be a shortest one (see PropertyResult.shortest). */
  shortest?: boolean;
  explanation?: string[];
}

export interface CheckJSON {
  system: string;
  scope: Record<string, number>;
  status: 'complete' | 'incomplete';
  stoppedBy?: string;
  properties: PropertyJSON[];
  stats: CheckStats & { fingerprintBytes: number };
}

/** The `--json` form of a check result. */
export function checkToJSON(r: CheckSuccess): CheckJSON {
  return {
    system: r.system.name,
    scope: { ...r.system.scope },
    status: r.status,
    ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
    properties: r.properties.map((p) => ({
      id: p.id,
      kind: p.kind,
      verdict: p.verdict,
      ...(p.description ? { description: p.description } : {}),
      ...(p.trace ? { trace: traceToJSON(r.system, p.trace), shortest: p.shortest !== false } : {}),
      ...(p.explanation ? { explanation: p.explanation } : {}),
      ...(p.notChecked ? { notChecked: true } : {}),
    })),
    stats: { ...r.stats, fingerprintBytes: r.exploration.seenBytes },
  };
}

/** Why an incomplete run stopped, as the end of "stopped early because ...". */
export const STOP_WORDS: Record<string, string> = {
  'max-states': 'it reached --max-states',
  'max-depth': 'it reached --max-depth',
  timeout: 'it reached --timeout',
  memory: 'memory ran short (raise --max-memory, or lower the scope)',
  interrupted: 'it was interrupted',
  'disk-full': 'the disk given with --disk filled up',
  settled: 'every property it checks was decided (--prove stops there)',
  'state-limit': 'it reached the most states leasecheck holds in this mode (805,306,368 in memory, or 2^31 edges of a state graph: --disk lifts the first for safety properties on one thread; with it, only a level of over 2^32 states stops the search)',
};

/**
 * The words for a trace's length: "shortest counterexample", or, when the trace was found under
 * partial-order reduction and not confirmed shortest (PropertyResult.shortest false), "counterexample"
 * with its length called an upper bound. No report may call such a trace shortest.
 */
export function traceWords(what: string, p: { shortest?: boolean }): string {
  return p.shortest === false ? `${what} (not known to be shortest: found under partial-order reduction)` : `shortest ${what}`;
}

/** What follows a length not known to be shortest ("7 steps, not known to be shortest"): empty for a shortest one. */
export function lengthCaveat(p: { shortest?: boolean }): string {
  return p.shortest === false ? ', not known to be shortest' : '';
}

/** traceWords as a heading begins: "Shortest counterexample", "Counterexample (not known to be shortest: ...)". */
export const traceHeading = (what: string, p: { shortest?: boolean }): string => {
  const w = traceWords(what, p);
  return w[0].toUpperCase() + w.slice(1);
};

/** Whether every trace in these results is known to be a shortest one. */
export function allShortest(results: readonly CheckSuccess[]): boolean {
  return results.every((r) => r.properties.every((p) => !p.trace || p.shortest !== false));
}

/** The human form of a check result: summary, verdict table, then each trace with per-step diffs. */
export function formatCheckText(r: CheckSuccess): string {
  const { stats } = r;
  const scope = Object.entries(r.system.scope).map(([k, v]) => `${k}=${v}`).join(', ');
  const out: string[] = [];
  out.push(`leasecheck: ${r.system.name}${scope ? ` at scope ${scope}` : ''}`);
  out.push(
    `${r.status === 'complete' ? 'explored' : 'INCOMPLETE: explored'} ${counted(stats.distinctStates, 'distinct state', fmt(stats.distinctStates))} ` +
      `(${fmt(stats.statesGenerated)} generated), depth ${stats.depth}, in ${stats.seconds.toFixed(2)} s ` +
      `(${fmt(stats.statesPerSecond)} states/s)`,
  );
  const how = searchWords([r]);
  if (how.length) out.push(`searched with ${how.join('; ')}`);
  const left = stats.distinctStates - stats.expanded;
  if (r.stoppedBy) out.push(`stopped early because ${STOP_WORDS[r.stoppedBy]}; ${counted(left, 'state', fmt(left))} ${left === 1 ? 'was' : 'were'} left unexplored`);
  out.push(`fingerprint collision probability (optimistic estimate): ${stats.collisionProbability.toExponential(1)}`);
  out.push('');
  const width = Math.max(...r.properties.map((p) => p.id.length));
  for (const p of r.properties) {
    const v = p.verdict === 'violated' ? 'VIOLATED' : p.notChecked ? '-' : p.verdict === 'incomplete' ? 'unknown' : 'holds';
    const tail = p.trace
      ? p.verdict === 'holds'
        ? `witness in ${counted(p.trace.steps.length - 1, 'step')}`
        : `counterexample: ${counted(p.trace.steps.length - 1, 'step')}${p.trace.loop !== undefined ? ' (lasso)' : ''}`
      : p.verdict === 'violated' && p.kind === 'sometimes' ? 'never reached' : '';
    out.push(`  ${v.padEnd(9)} ${p.id.padEnd(width)}  ${kindWord(p.kind).padEnd(10)} ${tail}`);
  }
  for (const p of r.properties) {
    if (!p.trace && !p.explanation) continue;
    out.push('');
    const what = p.verdict === 'holds' ? 'witness' : 'counterexample';
    // An incomplete verdict is no verdict: its explanation says why the search could not decide it.
    const verdict = p.verdict === 'holds' ? 'holds' : p.verdict === 'violated' ? 'is VIOLATED' : p.notChecked ? 'was not checked' : 'is undecided (the search did not decide it)';
    out.push(`${p.id} ${verdict}${p.description ? `: ${p.description}` : ''}`);
    if (p.trace) {
      out.push(`${traceWords(what, p)}, ${counted(p.trace.steps.length - 1, 'step')} (replay key ${replayKey(p.trace) || '(initial state)'}):`);
      out.push(...formatTraceText(r.system, p.trace));
    }
    for (const line of p.explanation ?? []) out.push(`  ${line}`);
  }
  // Model text (state names, labels, context values) is printed on a terminal: no raw control characters.
  return terminalText(out.join('\n'));
}

function kindWord(k: PropertyKind): string {
  return { always: 'invariant', sometimes: 'witness', deadlock: 'deadlock', leadsTo: 'liveness', eventually: 'liveness', possibly: 'possibility' }[k];
}
