import { escapeHtml as h, escapeHref } from './escape.ts';
import { traceSectionHtml } from './htmlReport.ts';
import { cellLines, ladderCells, ladderIntroText, ladderScopeText, runLines, type LadderCell } from './ladderModel.ts';
import { propertyColumns, type ComparisonReport } from './reportModel.ts';

/**
 * The scope ladder as an HTML section (empty without one), with the same content as the Markdown
 * (ladderMarkdown.ts): how it ran, the verdict changes in a banner, the ladder matrix, the scopes each
 * variant ran, and each change's trace as a sequence diagram and a step table.
 */
export function ladderHtml(report: ComparisonReport): string[] {
  const l = report.ladder;
  if (!l) return [];
  const columns = propertyColumns(report.rows);
  const cells = ladderCells(l, columns);
  const word = report.variantWord ?? 'design';
  const out = ['<h2 id="ladder">Scope ladder</h2>', `<p>${h(ladderIntroText(l, word))}</p>`];
  const changes = cells.flatMap((c) => c.changes.map((ch) => ({ c, ch })));
  if (changes.length) {
    const items = changes
      .filter(({ ch }) => ch.shown)
      .map(({ c, ch }) => {
        const text = `<strong>${h(c.variant)} / ${h(c.property)}: ${h(ch.text)}</strong>`;
        return `<li>${ch.change.result.trace ? `<a href="${escapeHref(`#${ch.anchor}`)}">${text}</a>` : text}${c.alsoAt ? `; the same at ${h(c.alsoAt)}` : ''}</li>`;
      });
    out.push(`<div class="banner" role="alert"><strong>VERDICTS THAT CHANGE WITH SCOPE.</strong> The verdict at the smallest scope does not carry over:<ul>${items.join('')}</ul></div>`);
  } else out.push('<p>No verdict changes with scope in what the ladder checked.</p>');
  const head = `<tr><th>${h(word)}</th>${columns.map((c) => `<th>${h(c.id)}</th>`).join('')}</tr>`;
  const rows = l.variants.map((v) => `<tr><th>${h(v.id)}</th>${cells.filter((c) => c.variant === v.id).map((c) => cellHtml(c, l.axes)).join('')}</tr>`);
  out.push(`<div class="scroll"><table class="matrix ladder">${head}${rows.join('')}</table></div>`);
  out.push('<p class="legend">✓ holds · ✗ violated · … undecided · – not checked by the ladder · ⚠ the verdict changes with scope.</p>');
  out.push(`<p>The scopes each ran:</p><ul>${l.variants.map((v) => `<li><strong>${h(v.id)}</strong>: ${runLines(v.result, !!report.timings).map(h).join('; ')}</li>`).join('')}</ul>`);
  if (changes.length) {
    out.push('<h3 id="ladder-changes">Verdict changes</h3>', '<p>Each trace below was replayed on real XState actors, at its scope, before it was reported.</p>');
    for (const { c, ch } of changes) {
      if (!ch.shown || !ch.change.result.trace) continue;
      out.push(
        traceSectionHtml(report, {
          anchor: ch.anchor,
          title: `${c.variant} / ${c.property} at ${ladderScopeText(ch.change.scope, l.axes)}: ${ch.change.from} → ${ch.change.to}`,
          system: ch.change.system,
          property: ch.change.result,
          ...(ch.file ? { file: ch.file } : {}),
          className: 'change',
        }),
      );
    }
  }
  return out;
}

const MARK: Record<string, string> = { holds: '✓', violated: '✗', incomplete: '…', 'not-checked': '–' };

function cellHtml(c: LadderCell, axes: Parameters<typeof cellLines>[1]): string {
  const lines = cellLines(c, axes).map(h);
  lines[0] = `${MARK[c.verdict] ?? ''} ${lines[0]}`;
  for (const ch of c.changes.filter((x) => x.shown)) {
    const text = `⚠ <strong>${h(ch.text)}</strong>`;
    lines.push(ch.change.result.trace ? `<a href="${escapeHref(`#${ch.anchor}`)}">${text}</a>` : text);
  }
  const also = c.changes.filter((x) => !x.shown && x.file);
  if (also.length) lines.push(`⚠ the same at ${also.map((x) => `<a href="${escapeHref(x.file!)}">${h(ladderScopeText(x.change.scope, axes))}</a>`).join('; ')} (ITF)`);
  const cls = c.changes.length ? 'v-violated' : c.verdict === 'not-checked' ? '' : `v-${c.verdict}`;
  return `<td class="v ${cls}">${lines.join('<br>')}</td>`;
}
