import type { CheckOptions } from '../engine/check.ts';
import { ladder, type LadderAxis, type LadderRun } from '../engine/ladder.ts';
import { replayTrace } from '../engine/replay.ts';
import { resolveScope } from '../engine/scope.ts';
import type { LadderSection } from '../report/ladderModel.ts';
import { ladderScopeText, stopWords } from '../report/ladderModel.ts';
import type { System } from '../spec/system.ts';
import { fmt } from '../util/format.ts';
import { oneLineText } from '../util/controls.ts';
import type { ParsedArgs } from './args.ts';
import { interruptSignal } from './interrupt.ts';
import { progressLine } from './progress.ts';
import { counted } from '../util/plural.ts';

export interface LadderPlan {
  axes: readonly LadderAxis[];
  /** The other scope parameters (from --scope), as given. */
  fixed: Readonly<Record<string, number>>;
  budgetSeconds: number;
  /** Check the liveness properties too (--ladder-liveness); else safety properties only. */
  liveness?: boolean;
  /** The compare's check options (limitsFrom): their limits and reductions carry over, their scope and timeout do not. */
  options: CheckOptions;
}

/**
 * Runs the scope ladder on every variant in turn (`compare --ladder`): safety properties only (with
 * --ladder-liveness the liveness properties too), with the
 * spec's symmetry, under --prove or --por if given; each variant gets an equal share of what is left of the
 * budget, each scope at most --timeout. Every trace any scope found is replayed on real actors (at
 * that scope) before anything is reported. Progress, one line per scope, on stderr unless --quiet or --json.
 */
export async function runLadders(variants: readonly System[], plan: LadderPlan, args: ParsedArgs): Promise<LadderSection> {
  const quiet = !!args.flags.json || !!args.flags.quiet;
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${oneLineText(line)}\n`);
  };
  // limits keeps onNote, which says each note once for the whole run (limitsFrom), not once per scope.
  const { scope: _scope, timeoutMs, onProgress: _progress, ...limits } = plan.options;
  const start = performance.now();
  const base = (system: System) => Object.fromEntries(Object.entries(resolveScope(system, plan.fixed)).filter(([k]) => !plan.axes.some((a) => a.param === k)));
  const out: LadderSection['variants'][number][] = [];
  let symmetry = false;
  const signal = interruptSignal();
  say(`ladder: ${plan.axes.map((a) => `${a.param}=${a.values.join(',')}`).join(' ')} on ${counted(variants.length, 'variant')}, budget ${plan.budgetSeconds} s`);
  for (const [i, system] of variants.entries()) {
    const left = plan.budgetSeconds * 1000 - (performance.now() - start);
    const share = Math.max(0, left / (variants.length - i));
    const label = `ladder [${i + 1}/${variants.length}] ${system.variant.id}`;
    let progress = progressLine(args, `${label}: `);
    const result = await ladder(system, {
      axes: plan.axes,
      base: base(system),
      budgetMs: share,
      ...(timeoutMs !== undefined ? { perScopeMs: timeoutMs } : {}),
      check: { ...limits, safetyOnly: !plan.liveness, symmetry: true, signal, ...(progress.onProgress ? { onProgress: (p) => progress.onProgress!(p) } : {}) },
      onScope: (run) => {
        progress.done();
        progress = progressLine(args, `${label}: `);
        say(`${label} ${ladderScopeText(run.scope, plan.axes)}: ${runWords(run)}`);
      },
    });
    progress.done();
    for (const run of result.runs) {
      if (run.reduced) symmetry = true;
      for (const p of Object.values(run.properties)) if (p.trace) replayTrace(run.system!, p.trace);
      // The changes keep the systems their traces refer to; the rest can go.
      delete run.system;
    }
    out.push({ id: system.variant.id, result });
  }
  return {
    axes: plan.axes,
    base: variants[0] ? base(variants[0]) : {},
    budgetSeconds: plan.budgetSeconds,
    ...(timeoutMs !== undefined ? { perScopeSeconds: timeoutMs / 1000 } : {}),
    // --por as asked, unless --prove (which says it) or liveness properties turned it off (as the checks' note says).
    check: { symmetry, prove: !!plan.options.prove, por: !!plan.options.por && !plan.options.prove && !plan.liveness, liveness: !!plan.liveness },
    variants: out,
  };
}

function runWords(run: LadderRun): string {
  if (run.status === 'skipped' || run.status === 'error') return `${run.status} (${run.why ?? ''})`;
  const verdicts = Object.values(run.properties);
  const violated = verdicts.filter((p) => p.verdict === 'violated').map((p) => p.id);
  const found = violated.length ? `; violated: ${violated.join(', ')}` : '';
  return `${run.status}${run.why ? ` (${stopWords(run)})` : ''}, ${fmt(run.distinctStates)} states in ${run.seconds.toFixed(1)} s${found}`;
}
