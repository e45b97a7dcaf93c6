import { searchWords } from './searchWords.ts';
import { fmt } from '../util/format.ts';
import type { PropertyResult } from '../engine/check.ts';
import type { CompiledSystem } from '../engine/compile.ts';
import { escapeMarkdown as md } from './escape.ts';
import { sequenceToMermaid } from './mermaid.ts';
import { sequenceOf } from './sequence.ts';
import { marksAt, markText, stepTableOf, type StepTable } from './stepTable.ts';
import { commonOutcome, divergenceText, divergentSteps, firstDivergence, type ScenarioComparison } from './scenarioTable.ts';
import { anchor } from './comparison.ts';
import { ladderMarkdown } from './ladderMarkdown.ts';
import { ladderChangeCount } from './ladderModel.ts';
import { allShortest, traceHeading } from './checkReport.ts';
import { cellView, counterexamples, explanationItems, findings, incompleteNotes, kindWord, NEVER_REACHED_TEXT, neverReached, neverReachedLegend, notCheckedLegend, propertyColumns, scopeText, traceViewOf, witnesses, witnessIntro, type ComparisonReport, type Finding } from './reportModel.ts';
import { counted } from '../util/plural.ts';

/** A relative path as a Markdown link target: each segment percent-encoded. */
const href = (path: string) => path.split('/').map(encodeURIComponent).join('/');

const ICON: Record<string, string> = { holds: '✅', violated: '❌', incomplete: '⏸️' };

/**
 * The comparison as one Markdown file that renders on GitHub: the verdict matrix (violated cells link
 * to their traces), one line per violation in the domain's terms, each counterexample as a Mermaid
 * sequence diagram and a table of what changed at each step, then the scenarios side by side. Every
 * model string is escaped (escapeMarkdown, escapeMermaid).
 */
export function formatReportMarkdown(report: ComparisonReport): string {
  const found = findings(report);
  const out: string[] = [`# ${md(report.title)}`, ''];
  const incomplete = incompleteNotes(report);
  if (incomplete.length > 0) {
    out.push('> **INCOMPLETE.** Some searches stopped before they finished; their `incomplete` cells are not verdicts, and a', '> `holds` elsewhere in those rows may still be violated further out.');
    for (const n of incomplete) out.push(`> - ${md(n)}`);
    out.push('');
  }
  const changing = ladderChangeCount(report);
  if (changing > 0) out.push(`> ⚠️ **${changing} VERDICT${changing === 1 ? '' : 'S'} CHANGE${changing === 1 ? 'S' : ''} WITH SCOPE**: see the [scope ladder](#ladder).`, '');
  for (const p of report.intro ?? []) out.push(md(p), '');
  const how = searchWords(report.rows.map((r) => r.result));
  out.push(`Scope: ${md(scopeText(report))}.${how.length ? ` Searched with ${md(how.join('; '))}.` : ''}`);
  if (report.siblings?.length) out.push(`Also as ${report.siblings.map((s) => `[${md(s.label)}](${href(s.href)})`).join(', ')}.`);
  out.push('');
  const witnessed = witnesses(report);
  const toc = ['[Verdicts](#verdicts)', '[Why each violation happens](#why)', '[Counterexamples](#counterexamples)'];
  if (witnessed.length) toc.push('[Witnesses](#witnesses)');
  if (report.ladder) toc.push('[Scope ladder](#ladder)');
  if (report.scenarios?.length) toc.push('[The named cases side by side](#cases)');
  out.push(`Contents: ${toc.join(' · ')}`, '');
  out.push(...matrix(report), '');
  out.push('<a id="why"></a>', '', '## Why each violation happens', '');
  if (found.length === 0) out.push('Nothing is violated.');
  for (const f of found) out.push(`- **${md(f.row.name)} / ${md(f.property.id)}** ([${neverReached(f.property) ? 'never reached' : 'trace'}](#${f.anchor})): ${md(f.oneLine)}`);
  out.push('', '<a id="counterexamples"></a>', '', '## Counterexamples', '');
  for (const f of counterexamples(report)) out.push(...counterexample(report, f));
  if (witnessed.length) {
    out.push('<a id="witnesses"></a>', '', '## Witnesses', '', md(witnessIntro(report, witnessed)), '');
    for (const f of witnessed) out.push(...counterexample(report, f));
  }
  out.push(...ladderMarkdown(report));
  if (report.scenarios?.length) {
    out.push('<a id="cases"></a>', '', `## The named cases, ${md(report.variantWord ?? 'design')} by ${md(report.variantWord ?? 'design')}`, '');
    out.push('Each case is replayed step by step under every column; a step no enabled action matches is `impossible` there and the case goes on. ➤ marks the first step where the columns that can run the case disagree (a column that fails a step all the others pass cannot run it), ≠ every step where any column differs; a bold outcome departs from the most common one in its row.', '');
    for (const sc of report.scenarios) out.push(...scenario(sc, report.variantWord ?? 'design'));
  }
  return out.join('\n');
}

function matrix(report: ComparisonReport): string[] {
  const columns = propertyColumns(report.rows);
  const ids = columns.map((c) => c.id);
  const word = report.variantWord ?? 'design';
  const out = ['<a id="verdicts"></a>', '', '## Verdicts', ''];
  out.push(`| ${md(word)} | ${ids.map(md).join(' | ')} | states explored | search |`, `|---|${ids.map(() => '---').join('|')}|---:|---|`);
  for (const r of report.rows) {
    const cells = ids.map((id) => {
      const p = r.result.properties.find((x) => x.id === id);
      const v = cellView(p);
      const text = `${v.notChecked ? '➖' : ICON[v.verdict] ?? ''} ${v.word}${v.detail ? ` (${v.detail})` : ''}`;
      if (v.verdict === 'violated') return `[${text}](#${anchor(r.name, id)})`;
      const file = p?.trace ? report.traceFile?.(r.name, id) : undefined;
      if (v.verdict === 'holds' && p?.trace) return `[${text}](#${anchor(r.name, id)})${file ? ` [ITF](${href(file)})` : ''}`;
      return file ? `${text} [ITF](${href(file)})` : text;
    });
    const s = r.result.stats;
    const search = `${r.result.status === 'complete' ? 'complete' : '**INCOMPLETE**'}${report.timings ? `, ${s.seconds.toFixed(1)} s` : ''}`;
    out.push(`| ${md(r.name)} | ${cells.join(' | ')} | ${fmt(s.distinctStates)} | ${search} |`);
  }
  const length = allShortest(report.rows.map((r) => r.result)) ? 'length of the shortest counterexample' : 'length of the counterexample found: a shortest one unless the cell says it is not known to be (found under partial-order reduction)';
  out.push('', `✅ holds · ❌ violated (${length}; click for it) · ⏸️ incomplete (the search stopped first) · witness: a possibility shown by a trace (click for it)${neverReachedLegend(report)}${notCheckedLegend(report, '➖')}.`, '');
  out.push('The properties:', '', ...columns.map((c) => `- **${md(c.id)}** (${md(kindWord(c.kind))})${c.description ? `: ${md(c.description)}` : ''}`));
  return out;
}

function counterexample(report: ComparisonReport, f: Finding): string[] {
  const { row, property: p } = f;
  return traceSection(report, {
    anchor: f.anchor,
    heading: `${md(row.name)} / ${md(p.id)}`,
    system: row.result.system,
    property: p,
    explain: row.explain?.(p.id),
    file: report.traceFile?.(row.name, p.id),
  });
}

/** What a trace section shows: a property's result with its trace, on the system the trace refers to. */
export interface TraceSectionInput {
  anchor: string;
  /** The heading, already Markdown. */
  heading: string;
  system: CompiledSystem;
  property: PropertyResult;
  /** The spec's sentence for the finding, if any. */
  explain?: string;
  /** The trace's ITF file, relative to the report. */
  file?: string;
}

/** A property's section: its kind, the spec's and the engine's explanation, the trace as a sequence diagram and a step table, its ITF file. */
export function traceSection(report: ComparisonReport, t: TraceSectionInput): string[] {
  const { property: p, system: cs } = t;
  const out = [`<a id="${t.anchor}"></a>`, '', `### ${t.heading}`, ''];
  out.push(`*${md(kindWord(p.kind))}${p.description ? `: ${md(p.description)}` : ''}*`, '');
  if (t.explain) out.push(md(t.explain), '');
  // A witness never reached has no trace: one sentence, worded as the matrix and the HTML word it.
  const lines = neverReached(p) ? [NEVER_REACHED_TEXT] : p.explanation ?? [];
  for (const e of explanationItems(lines)) out.push(`- ${md(e.text)}`, ...e.sub.map((x) => `  - ${md(x)}`));
  if (lines.length) out.push('');
  if (p.trace) {
    const n = p.trace.steps.length - 1;
    const view = traceViewOf(report, p);
    out.push(`${traceHeading(p.verdict === 'holds' ? 'witness' : 'counterexample', p)}, ${counted(n, 'step')}${p.trace.loop !== undefined ? ' (a lasso: it goes on forever)' : ''}:`, '');
    out.push('```mermaid', sequenceToMermaid(sequenceOf(cs, p.trace, view)), '```', '');
    out.push(...stepTable(stepTableOf(cs, p.trace, view)), '');
    if (t.file) out.push(`As ITF: [${md(t.file)}](${href(t.file)})`, '');
  }
  return out;
}

/** The step table: bold marks the new value of everything that changed; a marked state says why in its action cell. */
export function stepTable(t: StepTable): string[] {
  const out = [`| step | action | ${t.columns.map((c) => md(c.actor)).join(' | ')} |`, `|---:|---|${t.columns.map(() => '---').join('|')}|`];
  const marks = (i: number) => marksAt(t, i).map((m) => ` **${md(markText(m))}**`).join('');
  const init = t.columns.map((c) => [md(c.initial.state), ...c.initial.fields.map((f) => `${md(f.field)}: ${md(f.value)}`)].join('<br>'));
  out.push(`| 0 | initial state${t.loop?.at === 0 && !t.loop.stutters ? ' ↻ *the cycle starts here*' : ''}${marks(0)} | ${init.join(' | ')} |`);
  for (const r of t.rows) {
    const cells = r.changes.map((c) => {
      if (!c) return '';
      const head = c.from === c.to ? md(c.to) : `${md(c.from)} → **${md(c.to)}**`;
      return [head, ...c.fields.map((f) => `${md(f.field)}: ${md(f.from)} → **${md(f.to)}**`)].join('<br>');
    });
    const mark = t.loop && !t.loop.stutters && r.index === t.loop.at ? ' ↻ *the cycle starts after this step*' : '';
    out.push(`| ${r.index} | ${md(r.action)}${mark}${marks(r.index)} | ${cells.join(' | ')} |`);
  }
  if (t.loop) {
    const last = t.rows[t.rows.length - 1]?.index ?? 0;
    const words = t.loop.stutters ? '⟳ *the system stays in this state forever (stuttering)*' : `↻ *steps ${t.loop.at + 1}–${last} repeat forever*`;
    out.push(`| ∞ | ${words} | ${t.columns.map(() => '').join(' | ')} |`);
  }
  if (t.legend?.length) out.push('', `Fields: ${t.legend.map((l) => `*${md(l.field)}*: ${md(l.description)}`).join('; ')}.`);
  return out;
}

function scenario(sc: ScenarioComparison, variantWord: string): string[] {
  const out = [`<a id="case-${sc.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}"></a>`, '', `### ${md(sc.title)}`, ''];
  if (sc.source) out.push(`Source: ${md(sc.source)}`, '');
  const divergent = divergentSteps(sc);
  const div = firstDivergence(sc);
  out.push(`| # | step | ${sc.columns.map((c) => md(c.variant)).join(' | ')} |`, `|---:|---|${sc.columns.map(() => '---').join('|')}|`);
  sc.steps.forEach((step, i) => {
    const differs = divergent.includes(i);
    const common = differs ? commonOutcome(sc, i) : undefined;
    const cells = sc.columns.map((c) => {
      const o = c.cells[i]?.outcome ?? '';
      return differs && o !== common ? `**${md(o)}**` : md(o);
    });
    const num = i === div ? `➤ ${i + 1}` : differs ? `≠ ${i + 1}` : `${i + 1}`;
    out.push(`| ${num} | ${i === div ? `**${md(step)}** *(first divergence)*` : md(step)} | ${cells.join(' | ')} |`);
  });
  out.push('', md(divergenceText(sc, variantWord)), '');
  return out;
}
