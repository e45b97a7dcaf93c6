import { escapeMarkdown as md } from './escape.ts';
import { cellLines, ladderCells, ladderIntroText, ladderScopeText, runLines, type LadderCell } from './ladderModel.ts';
import { traceSection } from './markdownReport.ts';
import { propertyColumns, type ComparisonReport } from './reportModel.ts';

const href = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const ICON: Record<string, string> = { holds: '✅', violated: '❌', incomplete: '⏸️', 'not-checked': '➖' };

/**
 * The scope ladder as a Markdown section (empty without one): how it ran, a loud list of the verdicts
 * that change with scope, the ladder matrix (per cell the largest scopes its verdict was established
 * at and where it is undecided), the scopes each variant ran, then each change's trace.
 */
export function ladderMarkdown(report: ComparisonReport): string[] {
  const l = report.ladder;
  if (!l) return [];
  const columns = propertyColumns(report.rows);
  const cells = ladderCells(l, columns);
  const word = report.variantWord ?? 'design';
  const out = ['<a id="ladder"></a>', '', '## Scope ladder', '', md(ladderIntroText(l, word)), ''];
  const changes = cells.flatMap((c) => c.changes.map((ch) => ({ c, ch })));
  if (changes.length) {
    out.push(`> ⚠️ **VERDICTS THAT CHANGE WITH SCOPE.** The verdict at the smallest scope does not carry over:`);
    for (const { c, ch } of changes) {
      if (!ch.shown) continue;
      const link = ch.change.result.trace ? ` ([trace](#${ch.anchor}))` : '';
      out.push(`> - **${md(c.variant)} / ${md(c.property)}: ${md(ch.text)}**${link}${c.alsoAt ? `; the same at ${md(c.alsoAt)}` : ''}`);
    }
    out.push('');
  } else out.push('No verdict changes with scope in what the ladder checked.', '');
  out.push(`| ${md(word)} | ${columns.map((c) => md(c.id)).join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`);
  for (const v of l.variants) {
    const row = cells.filter((c) => c.variant === v.id);
    out.push(`| ${md(v.id)} | ${row.map((c) => cellMarkdown(c, l.axes)).join(' | ')} |`);
  }
  out.push('', `✅ holds · ❌ violated · ⏸️ undecided · ➖ not checked by the ladder · ⚠️ the verdict changes with scope.`, '');
  out.push('The scopes each ran:', '');
  for (const v of l.variants) out.push(`- **${md(v.id)}**: ${runLines(v.result, !!report.timings).map(md).join('; ')}`);
  out.push('');
  if (changes.length) {
    out.push('<a id="ladder-changes"></a>', '', '### Verdict changes', '');
    out.push('Each trace below was replayed on real XState actors, at its scope, before it was reported.', '');
    for (const { c, ch } of changes) {
      if (!ch.shown || !ch.change.result.trace) continue;
      out.push(
        ...traceSection(report, {
          anchor: ch.anchor,
          heading: `${md(c.variant)} / ${md(c.property)} at ${md(ladderScopeText(ch.change.scope, l.axes))}: ${md(ch.change.from)} → ${md(ch.change.to)}`,
          system: ch.change.system,
          property: ch.change.result,
          ...(ch.file ? { file: ch.file } : {}),
        }),
      );
    }
  }
  return out;
}

function cellMarkdown(c: LadderCell, axes: Parameters<typeof cellLines>[1]): string {
  const lines = cellLines(c, axes).map(md);
  lines[0] = `${ICON[c.verdict] ?? ''} ${lines[0]}`;
  for (const ch of c.changes.filter((x) => x.shown)) lines.push(`⚠️ **${md(ch.text)}**${ch.change.result.trace ? ` ([trace](#${ch.anchor}))` : ''}`);
  const also = c.changes.filter((x) => !x.shown && x.file);
  if (also.length) lines.push(`⚠️ the same at ${also.map((x) => `[${md(ladderScopeText(x.change.scope, axes))}](${href(x.file!)})`).join('; ')} (ITF)`);
  return lines.join('<br>');
}
