import { canonicalKey, toPlain } from '../util/canonical.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import type { Trace } from '../engine/trace.ts';

/**
 * A trace as plain text: the initial state in full, then for each step the action and only the actors
 * that changed, with only the context fields that changed. Readers compare designs step by step;
 * a full state dump on every line hides the one thing that moved.
 */
export function formatTraceText(cs: CompiledSystem, trace: Trace, indent = '  '): string[] {
  const lines: string[] = [];
  trace.steps.forEach((step, i) => {
    const loopMark = trace.loop === i && i < trace.steps.length - 1 ? '  <- the cycle starts here' : '';
    if (i === 0) {
      lines.push(`${indent}0. initial state${loopMark}`);
      cs.actorNames.forEach((name, a) => lines.push(`${indent}     ${name}: ${describe(cs, a, step.locals[a])}`));
      return;
    }
    lines.push(`${indent}${i}. ${step.action!.label}${loopMark}`);
    const prev = trace.steps[i - 1].locals;
    let changed = 0;
    cs.actorNames.forEach((name, a) => {
      if (prev[a] === step.locals[a]) return;
      changed++;
      lines.push(`${indent}     ${name}: ${diff(cs, a, prev[a], step.locals[a])}`);
    });
    if (changed === 0) lines.push(`${indent}     (no actor changed)`);
  });
  if (trace.loop !== undefined) {
    lines.push(
      trace.loop === trace.steps.length - 1
        ? `${indent}   ... and the system stays in this state forever (stuttering)`
        : `${indent}   ... then steps ${trace.loop + 1}-${trace.steps.length - 1} repeat forever`,
    );
  }
  return lines;
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(toPlain(v));
}

function describe(cs: CompiledSystem, a: number, local: number): string {
  const s = cs.tables[a].snapshots[local];
  const ctx = toPlain(s.context);
  const ctxText = ctx && typeof ctx === 'object' && Object.keys(ctx).length > 0 ? ` ${JSON.stringify(ctx)}` : '';
  return `${valueText(s.value)}${s.status !== 'active' ? ` (${s.status})` : ''}${ctxText}`;
}

/** `state a -> state b, field: old -> new` for one actor. */
export function diff(cs: CompiledSystem, a: number, from: number, to: number): string {
  const s0 = cs.tables[a].snapshots[from];
  const s1 = cs.tables[a].snapshots[to];
  const parts: string[] = [];
  const v0 = valueText(s0.value);
  const v1 = valueText(s1.value);
  parts.push(v0 === v1 ? v1 : `${v0} -> ${v1}`);
  for (const field of changedFields(s0.context, s1.context)) {
    const c0 = (s0.context as Record<string, unknown>)?.[field];
    const c1 = (s1.context as Record<string, unknown>)?.[field];
    parts.push(`${field}: ${JSON.stringify(toPlain(c0))} -> ${JSON.stringify(toPlain(c1))}`);
  }
  return parts.join(', ');
}

/** Top-level context fields whose values differ. */
export function changedFields(c0: unknown, c1: unknown): string[] {
  if (!c0 || !c1 || typeof c0 !== 'object' || typeof c1 !== 'object') return [];
  const keys = [...new Set([...Object.keys(c0), ...Object.keys(c1)])].sort();
  return keys.filter(
    (k) => canonicalKey((c0 as Record<string, unknown>)[k]) !== canonicalKey((c1 as Record<string, unknown>)[k]),
  );
}
