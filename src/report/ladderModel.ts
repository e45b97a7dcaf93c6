import type { Verdict } from '../engine/check.ts';
import type { LadderAxis, LadderResult, LadderRun, Scope, VerdictChange } from '../engine/ladder.ts';
import { traceToJSON } from '../engine/trace.ts';
import type { PropertyKind } from '../spec/property.ts';
import { fmt } from '../util/format.ts';
import { anchor } from './comparison.ts';
import { fileNameFor } from './reportFiles.ts';
import { lengthCaveat } from './checkReport.ts';
import { counted } from '../util/plural.ts';

/**
 * The scope ladder of a comparison (`compare --ladder`): every variant checked at growing scopes, and
 * what that established. Format-neutral: the Markdown, HTML, JSON and terminal renderings read it
 * through the views below.
 */
export interface LadderSection {
  axes: readonly LadderAxis[];
  /** The scope parameters that stay fixed, with their values. */
  base: Scope;
  /** The time all the ladders together were given. */
  budgetSeconds: number;
  /** The most one scope's search was given (--timeout), if set. */
  perScopeSeconds?: number;
  /** How each scope was checked: safety properties only unless `liveness`, with the spec's symmetry if asked, under --prove or --por if given. */
  check: { symmetry: boolean; prove: boolean; por?: boolean; liveness?: boolean };
  variants: readonly { id: string; result: LadderResult }[];
}

/** Without --ladder-liveness the ladder checks safety properties only: these kinds are not checked then. */
const LIVENESS: readonly PropertyKind[] = ['leadsTo', 'eventually', 'possibly'];

/** Why a scope left a property undecided, short. */
const WHY: Record<string, string> = {
  'max-states': 'reached --max-states',
  'max-depth': 'reached --max-depth',
  timeout: 'timeout',
  budget: 'the time budget ran out',
  memory: 'memory ran short',
  interrupted: 'interrupted',
  'disk-full': 'the disk filled up',
  'state-limit': 'reached the most states leasecheck numbers in this mode',
};

/** Why an incomplete run stopped, in words: `timeout`, `the time budget ran out`, `reached --max-states`. */
export const stopWords = (run: Pick<LadderRun, 'why'>): string => WHY[run.why ?? ''] ?? run.why ?? 'stopped early';

/** One scope at which a cell is undecided, and why. */
export interface UndecidedView {
  scope: Scope;
  why: string;
}

/** One scope at which a cell's verdict differs from the smallest scope's. */
export interface ChangeView {
  change: VerdictChange;
  /** `CHANGES at clients=2: holds -> violated (6 steps)`. */
  text: string;
  /** The id of its trace's section. */
  anchor: string;
  /** Where its ITF file goes in a report folder, when it has a trace. */
  file?: string;
  /** Shown in full (the smallest scopes it changes at); the others are listed with their ITF files. */
  shown: boolean;
}

/** A variant x property cell of the ladder. */
export interface LadderCell {
  variant: string;
  property: string;
  kind: PropertyKind;
  /** The verdict at the smallest scope; `not-checked` for a liveness property (the ladder checks safety only). */
  verdict: Verdict | 'not-checked';
  /** `holds: clients<=2, rounds<=1` (absent when nothing was established). */
  established?: string;
  /** The smallest scopes at which the cell is undecided (a search stopped, a scope skipped or failed). */
  undecided: UndecidedView[];
  changes: ChangeView[];
  /** The scopes of the changes not shown in full (above a shown one), as text: `clients=3; clients=4`. */
  alsoAt?: string;
}

/** `clients=2, rounds=1` (the axes' parameters only). */
export function ladderScopeText(scope: Scope, axes: readonly LadderAxis[]): string {
  return axes.map((a) => `${a.param}=${scope[a.param]}`).join(', ');
}

/** True when Ctrl-C stopped a scope, or came before some ran: the ladder (and so the report) is then incomplete. */
export function ladderInterrupted(l: LadderSection): boolean {
  return l.variants.some((v) => v.result.runs.some((r) => (r.status === 'incomplete' || r.status === 'skipped') && r.why === 'interrupted'));
}

/** `clients=1..3, rounds=1..2`. */
export function axesText(axes: readonly LadderAxis[]): string {
  return axes.map((a) => `${a.param}=${a.values[0]}${a.values.length > 1 ? `..${a.values[a.values.length - 1]}` : ''}`).join(', ');
}

/** How each scope was checked, as words. */
export function ladderHowText(l: LadderSection): string {
  return [l.check.liveness ? 'safety and liveness properties' : 'safety properties only (liveness: not checked)', ...(l.check.symmetry ? ["the spec's symmetry"] : []), ...(l.check.prove ? ['--prove'] : []), ...(l.check.por ? ['partial-order reduction (--por)'] : [])].join(', ');
}

/** The paragraph that opens the report's ladder section: what ran, within what, and how to read a cell. */
export function ladderIntroText(l: LadderSection, word: string): string {
  const fixed = Object.entries(l.base).map(([k, v]) => `${k}=${v}`).join(', ');
  return (
    `Each ${word} was checked at every combination of ${axesText(l.axes)}, smallest first${fixed ? ` (${fixed} fixed)` : ''}, within ${l.budgetSeconds} s for all ${word}s together` +
    `${l.perScopeSeconds !== undefined ? ` and ${l.perScopeSeconds} s per scope` : ''}; ${ladderHowText(l)}. ` +
    'A verdict is established at a scope by a complete search there (a violation once found), with every scope below agreeing; "x<=n" reads "at every scope of the ladder up to n". ' +
    'A scope above one that did not finish is not run.'
  );
}

/** Where the ITF file of a verdict change goes: beside the variant's other traces, named with its scope (`@` never occurs in fileNameFor's names, so it cannot clash with them). */
export function ladderTracePath(variant: string, property: string, scope: Scope, axes: readonly LadderAxis[]): string {
  const at = axes.map((a) => `${fileNameFor(a.param)}=${scope[a.param]}`).join(',');
  return `traces/${fileNameFor(variant)}/${fileNameFor(property)}@${at}.itf.json`;
}

/** The section id of a verdict change's trace. */
export function ladderAnchor(variant: string, property: string, scope: Scope, axes: readonly LadderAxis[]): string {
  return `ladder-${anchor(variant, property)}-at-${axes.map((a) => String(scope[a.param])).join('_')}`;
}

const below = (axes: readonly LadderAxis[]) => (small: Scope, big: Scope) => axes.every((a) => small[a.param] <= big[a.param]);
const same = (axes: readonly LadderAxis[]) => (x: Scope, y: Scope) => axes.every((a) => x[a.param] === y[a.param]);

function minimal<T extends { scope: Scope }>(xs: readonly T[], axes: readonly LadderAxis[]): T[] {
  const b = below(axes);
  const s = same(axes);
  return xs.filter((x) => !xs.some((y) => !s(x.scope, y.scope) && b(y.scope, x.scope)));
}

/** The words of a verdict at one scope: `violated (6 steps)`, `holds (witness, 3 steps)`, `violated (never reached)`. */
function verdictWords(change: VerdictChange): string {
  const t = change.result.trace;
  const n = t ? t.steps.length - 1 : undefined;
  const steps = n !== undefined ? `${t!.loop !== undefined ? 'lasso, ' : ''}${counted(n, 'step')}${lengthCaveat(change.result)}` : undefined;
  if (change.to === 'holds') return steps ? `holds (witness, ${steps})` : 'holds';
  return steps ? `violated (${steps})` : change.result.kind === 'sometimes' ? 'violated (never reached)' : 'violated';
}

/** Why a run left property `id` undecided, or undefined when it decided it. */
function undecidedBy(run: LadderRun, id: string): string | undefined {
  if (run.status === 'skipped') return `not run: ${run.why ?? 'skipped'}`;
  if (run.status === 'error') return `the check failed: ${run.why ?? 'an error'}`;
  const p = run.properties[id];
  if (p && p.verdict !== 'incomplete') return undefined;
  return run.status === 'incomplete' ? stopWords(run) : 'undecided';
}

/** Every cell of the ladder: one per variant and property (in the matrix's column order). */
export function ladderCells(l: LadderSection, columns: readonly { id: string; kind: PropertyKind }[]): LadderCell[] {
  return l.variants.flatMap((v) =>
    columns.map((c): LadderCell => {
      const base = { variant: v.id, property: c.id, kind: c.kind };
      if (!l.check.liveness && LIVENESS.includes(c.kind)) return { ...base, verdict: 'not-checked', undecided: [], changes: [] };
      const p = v.result.properties.find((x) => x.id === c.id);
      const undecided = minimal(
        v.result.runs.flatMap((r) => {
          const why = undecidedBy(r, c.id);
          return why ? [{ scope: r.scope, why }] : [];
        }),
        l.axes,
      );
      if (!p) return { ...base, verdict: 'incomplete', undecided, changes: [] };
      const word = p.verdict === 'incomplete' ? undefined : p.verdict;
      const established = word && p.establishedUpTo.length ? `${word}: ${p.establishedUpTo.map((s) => l.axes.map((a) => `${a.param}<=${s[a.param]}`).join(', ')).join(' and ')}` : undefined;
      const shown = minimal(p.changes, l.axes);
      const changes = p.changes.map((change) => ({
        change,
        text: `CHANGES at ${ladderScopeText(change.scope, l.axes)}: ${change.from} -> ${verdictWords(change)}`,
        anchor: ladderAnchor(v.id, c.id, change.scope, l.axes),
        ...(change.result.trace ? { file: ladderTracePath(v.id, c.id, change.scope, l.axes) } : {}),
        shown: shown.includes(change),
      }));
      const also = changes.filter((ch) => !ch.shown).map((ch) => ladderScopeText(ch.change.scope, l.axes));
      return { ...base, verdict: p.verdict, ...(established ? { established } : {}), undecided, changes, ...(also.length ? { alsoAt: also.join('; ') } : {}) };
    }),
  );
}

/** The lines of one cell: what is established, where it is undecided, and its changes. */
export function cellLines(c: LadderCell, axes: readonly LadderAxis[]): string[] {
  if (c.verdict === 'not-checked') return ['not checked (the ladder checks safety properties only; --ladder-liveness checks these too)'];
  const out: string[] = [];
  if (c.established) out.push(c.established);
  else if (c.verdict !== 'incomplete') out.push(`${c.verdict}: nowhere established`);
  for (const u of c.undecided) out.push(`undecided from ${ladderScopeText(u.scope, axes)} (${u.why})`);
  if (out.length === 0) out.push('undecided');
  return out;
}

/** Per variant, the scopes it ran, one line each: `clients=2: complete, 1,351 states` (seconds with timings). */
export function runLines(result: LadderResult, timings: boolean): string[] {
  return result.runs.map((r) => {
    const at = ladderScopeText(r.scope, result.axes);
    if (r.status === 'skipped' || r.status === 'error') return `${at}: ${r.status} (${r.why ?? ''})`;
    const why = r.status === 'incomplete' ? ` (${stopWords(r)})` : '';
    return `${at}: ${r.status}${why}, ${fmt(r.distinctStates)} states${timings ? ` in ${r.seconds.toFixed(1)} s` : ''}`;
  });
}

/** The ladder part of comparison.json (schema/comparison.schema.json#/properties/ladder). */
export function ladderJSON(l: LadderSection, columns: readonly { id: string; kind: PropertyKind }[], timings: boolean) {
  const cells = ladderCells(l, columns);
  return {
    axes: l.axes.map((a) => ({ param: a.param, values: [...a.values] })),
    base: { ...l.base },
    budgetSeconds: l.budgetSeconds,
    ...(l.perScopeSeconds !== undefined ? { perScopeSeconds: l.perScopeSeconds } : {}),
    check: { safetyOnly: !l.check.liveness, symmetry: l.check.symmetry, prove: l.check.prove, ...(l.check.por ? { por: true } : {}) },
    variants: l.variants.map((v) => ({
      id: v.id,
      runs: v.result.runs.map((r) => ({
        scope: { ...r.scope },
        status: r.status,
        ...(r.why ? { why: r.why } : {}),
        distinctStates: r.distinctStates,
        ...(timings ? { seconds: r.seconds } : {}),
      })),
      properties: cells
        .filter((c) => c.variant === v.id)
        .map((c) => ({
          id: c.property,
          kind: c.kind,
          verdict: c.verdict,
          establishedUpTo: (v.result.properties.find((p) => p.id === c.property)?.establishedUpTo ?? []).map((s) => ({ ...s })),
          undecidedFrom: c.undecided.map((u) => ({ scope: { ...u.scope }, why: u.why })),
          changes: c.changes.map((ch) => ({
            scope: { ...ch.change.scope },
            from: ch.change.from,
            to: ch.change.to,
            ...(ch.change.result.trace ? { trace: traceToJSON(ch.change.system, ch.change.result.trace), shortest: ch.change.result.shortest !== false } : {}),
            ...(ch.file ? { traceFile: ch.file } : {}),
          })),
        })),
    })),
  };
}

/** How many verdict changes the report's ladder found (0 without a ladder), for the banner at the top. */
export function ladderChangeCount(report: { ladder?: LadderSection }): number {
  return report.ladder?.variants.reduce((n, v) => n + v.result.properties.filter((p) => p.changes.length > 0).length, 0) ?? 0;
}
