import { terminalText } from '../util/controls.ts';
import { axesText, cellLines, ladderCells, ladderHowText, ladderScopeText, runLines, type LadderSection } from './ladderModel.ts';
import { formatTraceText } from './traceText.ts';
import type { PropertyKind } from '../spec/property.ts';
import { counted } from '../util/plural.ts';

/**
 * The scope ladder for the terminal, after the verdict matrix: per variant each property's established
 * verdict and where it is undecided, the scopes run, and every verdict change, loudly, with its trace.
 */
export function formatLadderText(l: LadderSection, columns: readonly { id: string; kind: PropertyKind }[], word = 'design'): string {
  const cells = ladderCells(l, columns);
  const width = Math.max(8, ...columns.map((c) => c.id.length));
  const out = ['', `scope ladder: ${axesText(l.axes)}; ${ladderHowText(l)}; budget ${l.budgetSeconds} s for all ${word}s`];
  for (const v of l.variants) {
    out.push('', `${v.id}  (${runLines(v.result, true).join('; ')})`);
    for (const c of cells.filter((x) => x.variant === v.id)) {
      const [first, ...rest] = cellLines(c, l.axes);
      out.push(`  ${c.property.padEnd(width)}  ${first}`, ...rest.map((r) => `  ${''.padEnd(width)}  ${r}`));
      for (const ch of c.changes.filter((x) => x.shown)) out.push(`  ${''.padEnd(width)}  !!! ${ch.text}`);
      if (c.alsoAt) out.push(`  ${''.padEnd(width)}  !!! the same change at ${c.alsoAt}`);
    }
  }
  const changes = cells.flatMap((c) => c.changes.filter((ch) => ch.shown && ch.change.result.trace).map((ch) => ({ c, ch })));
  if (changes.length) {
    out.push('', `!!! ${counted(changes.length, 'verdict change')} with scope (each trace replayed on real actors):`);
    for (const { c, ch } of changes) {
      out.push('', `${c.variant} / ${c.property} at ${ladderScopeText(ch.change.scope, l.axes)}: ${ch.change.from} -> ${ch.change.to}`);
      out.push(...formatTraceText(ch.change.system, ch.change.result.trace!));
    }
  }
  return terminalText(out.join('\n'));
}
