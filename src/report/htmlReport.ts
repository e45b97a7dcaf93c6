import { searchWords } from './searchWords.ts';
import { escapeHtml as h, escapeHref } from './escape.ts';
import type { PropertyResult } from '../engine/check.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import { REPORT_CSS } from './htmlStyle.ts';
import { ladderHtml } from './ladderHtml.ts';
import { ladderChangeCount } from './ladderModel.ts';
import { matrixHtml, scenarioHtml, stepTableHtml } from './htmlTables.ts';
import { sequenceToMermaid } from './mermaid.ts';
import { sequenceOf } from './sequence.ts';
import { stepTableOf } from './stepTable.ts';
import { sequenceToSvg } from './svgSequence.ts';
import { allShortest, traceHeading } from './checkReport.ts';
import { counterexamples, explanationItems, findings, incompleteNotes, kindWord, NEVER_REACHED_TEXT, neverReached, neverReachedLegend, notCheckedLegend, scopeText, traceViewOf, witnesses, witnessIntro, type ComparisonReport, type Finding } from './reportModel.ts';
import { counted } from '../util/plural.ts';

/**
 * The comparison as one standalone HTML file: inline CSS, inline SVG diagrams, no script and no
 * network at view time (a Content-Security-Policy forbids both). Same content as the Markdown: the
 * matrix, one line per violation, each counterexample as a sequence diagram and a step table, the
 * scenarios side by side. Every model string goes through escapeHtml.
 */
export function formatReportHtml(report: ComparisonReport): string {
  const found = findings(report);
  const body: string[] = [`<h1>${h(report.title)}</h1>`];
  const incomplete = incompleteNotes(report);
  if (incomplete.length > 0) {
    body.push(
      `<div class="banner" role="alert"><strong>INCOMPLETE.</strong> Some searches stopped before they finished; their “incomplete” cells are not verdicts, and a “holds” in those rows may still be violated further out.<ul>${incomplete.map((n) => `<li>${h(n)}</li>`).join('')}</ul></div>`,
    );
  }
  const changing = ladderChangeCount(report);
  if (changing > 0) body.push(`<div class="banner" role="alert"><strong>${changing} VERDICT${changing === 1 ? '' : 'S'} CHANGE${changing === 1 ? 'S' : ''} WITH SCOPE</strong>: see the <a href="#ladder">scope ladder</a>.</div>`);
  for (const p of report.intro ?? []) body.push(`<p>${h(p)}</p>`);
  const how = searchWords(report.rows.map((r) => r.result));
  body.push(`<p>Scope: <code>${h(scopeText(report))}</code>.${how.length ? ` Searched with ${h(how.join('; '))}.` : ''}${report.siblings?.length ? ` Also as ${report.siblings.map((s) => `<a href="${escapeHref(s.href)}">${h(s.label)}</a>`).join(', ')}.` : ''}</p>`);
  const witnessed = witnesses(report);
  const nav = [['verdicts', 'Verdicts'], ['why', 'Why each violation happens'], ['counterexamples', 'Counterexamples']];
  if (witnessed.length) nav.push(['witnesses', 'Witnesses']);
  if (report.ladder) nav.push(['ladder', 'Scope ladder']);
  if (report.scenarios?.length) nav.push(['cases', 'The named cases side by side']);
  body.push(`<nav>${nav.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}</nav>`);
  body.push('<h2 id="verdicts">Verdicts</h2>', matrixHtml(report));
  const length = allShortest(report.rows.map((r) => r.result)) ? 'length of the shortest counterexample' : 'length of the counterexample found: a shortest one unless the cell says it is not known to be (found under partial-order reduction)';
  body.push(`<p class="legend">✓ holds · ✗ violated (${length}; click for it) · … incomplete (the search stopped first) · witness: a possibility shown by a trace (ITF link)${h(neverReachedLegend(report))}${h(notCheckedLegend(report, '–'))}.</p>`);
  body.push('<h2 id="why">Why each violation happens</h2>');
  body.push(found.length === 0 ? '<p>Nothing is violated.</p>' : `<ul class="why">${found.map((f) => `<li><a href="${escapeHref(`#${f.anchor}`)}"><strong>${h(f.row.name)} / ${h(f.property.id)}</strong></a>: ${h(f.oneLine)}</li>`).join('')}</ul>`);
  body.push('<h2 id="counterexamples">Counterexamples</h2>');
  for (const f of counterexamples(report)) body.push(finding(report, f));
  if (witnessed.length) {
    body.push('<h2 id="witnesses">Witnesses</h2>', `<p>${h(witnessIntro(report, witnessed))}</p>`);
    for (const f of witnessed) body.push(finding(report, f));
  }
  body.push(...ladderHtml(report));
  if (report.scenarios?.length) {
    const w = h(report.variantWord ?? 'design');
    body.push(`<h2 id="cases">The named cases, ${w} by ${w}</h2>`);
    body.push('<p>Each case is replayed step by step under every column; a step no enabled action matches is <em>impossible</em> there and the case goes on. The first step where the columns disagree is marked, ≠ flags every later one, and an underlined outcome departs from the most common one in its row.</p>');
    for (const sc of report.scenarios) {
      body.push(`<h3 id="${h(`case-${sc.name}`)}">${h(sc.title)}</h3>`);
      if (sc.source) body.push(`<p class="kind">Source: ${h(sc.source)}</p>`);
      body.push(scenarioHtml(sc, report.variantWord ?? 'design'));
    }
  }
  body.push('<footer>Generated by leasecheck. Standalone: no script, no network.</footer>');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(report.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

function finding(report: ComparisonReport, f: Finding): string {
  const { row, property: p } = f;
  return traceSectionHtml(report, { anchor: f.anchor, title: `${row.name} / ${p.id}`, system: row.result.system, property: p, explain: row.explain?.(p.id), file: report.traceFile?.(row.name, p.id) });
}

/** What an HTML trace section shows (see traceSectionHtml). */
export interface TraceSectionHtmlInput {
  anchor: string;
  /** The heading, as plain text. */
  title: string;
  system: CompiledSystem;
  property: PropertyResult;
  explain?: string;
  file?: string;
  /** An extra class of the section (e.g. `change`). */
  className?: string;
}

/** A property's section: its kind, the explanations, the trace as an SVG sequence diagram and a step table, its ITF file. */
export function traceSectionHtml(report: ComparisonReport, t: TraceSectionHtmlInput): string {
  const { property: p, system: cs } = t;
  const out = [`<section class="finding${t.className ? ` ${t.className}` : ''}" id="${h(t.anchor)}">`, `<h3>${h(t.title)}</h3>`];
  out.push(`<p class="kind">${h(kindWord(p.kind))}${p.description ? `: ${h(p.description)}` : ''}</p>`);
  if (t.explain) out.push(`<p>${h(t.explain)}</p>`);
  // A witness never reached has no trace: one sentence, worded as the matrix and the Markdown word it.
  const lines = neverReached(p) ? [NEVER_REACHED_TEXT] : p.explanation ?? [];
  if (lines.length) out.push(explanationHtml(lines));
  if (p.trace) {
    const n = p.trace.steps.length - 1;
    const what = p.verdict === 'holds' ? 'witness' : 'counterexample';
    out.push(`<p>${h(traceHeading(what, p))}, ${counted(n, 'step')}${p.trace.loop !== undefined ? ' (a lasso: it goes on forever)' : ''}:</p>`);
    const view = traceViewOf(report, p);
    const seq = sequenceOf(cs, p.trace, view);
    out.push(`<div class="diagram">${sequenceToSvg(seq, `${t.title}: ${what}`, t.anchor)}</div>`);
    out.push(stepTableHtml(stepTableOf(cs, p.trace, view)));
    const itf = t.file ? `As ITF: <a href="${escapeHref(t.file)}">${h(t.file)}</a>. ` : '';
    out.push(`<p class="legend">${itf}</p><details><summary>Mermaid source of the diagram</summary><pre class="mono">${h(sequenceToMermaid(seq))}</pre></details>`);
  }
  out.push('</section>');
  return out.join('\n');
}

/** The engine's explanation lines as a list; indented lines nest under the line before. */
function explanationHtml(lines: readonly string[]): string {
  const items = explanationItems(lines).map((i) => `<li>${h(i.text)}${i.sub.length ? `<ul>${i.sub.map((x) => `<li>${h(x)}</li>`).join('')}</ul>` : ''}</li>`);
  return `<ul class="engine">${items.join('')}</ul>`;
}
