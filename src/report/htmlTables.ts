import { fmt } from '../util/format.ts';
import { escapeHtml as h, escapeHref } from './escape.ts';
import { marksAt, markText, type StepTable } from './stepTable.ts';
import { commonOutcome, divergenceOf, divergenceText, divergentSteps, isFailure, type ScenarioComparison } from './scenarioTable.ts';
import { anchor } from './comparison.ts';
import { cellView, kindWord, propertyColumns, type ComparisonReport } from './reportModel.ts';

/**
 * The verdict matrix: one row per variant, one column per property (its id, kind and description in
 * the header); violated cells link to their counterexample, witness cells to their witness.
 */
export function matrixHtml(report: ComparisonReport): string {
  const columns = propertyColumns(report.rows);
  const ids = columns.map((c) => c.id);
  const th = (c: (typeof columns)[number]) => `<th class="prop" title="${h(`${kindWord(c.kind)}${c.description ? `: ${c.description}` : ''}`)}">${h(c.id)}<small>${h(kindWord(c.kind))}${c.description ? `: ${h(c.description)}` : ''}</small></th>`;
  const head = `<tr><th>${h(report.variantWord ?? 'design')}</th>${columns.map(th).join('')}<th>states explored</th><th>search</th></tr>`;
  const rows = report.rows.map((r) => {
    const cells = ids.map((id) => {
      const p = r.result.properties.find((x) => x.id === id);
      const v = cellView(p);
      const detail = v.detail ? `<small>${h(v.detail)}</small>` : '';
      if (v.verdict === 'violated') return `<td class="v v-violated"><a href="${escapeHref(`#${anchor(r.name, id)}`)}">✗ violated${detail}</a></td>`;
      const file = p?.trace ? report.traceFile?.(r.name, id) : undefined;
      const link = file ? ` <a href="${escapeHref(file)}">ITF</a>` : '';
      const mark = v.verdict === 'holds' ? '✓' : v.notChecked ? '–' : '…';
      if (v.verdict === 'holds' && p?.trace) return `<td class="v v-holds"><a href="${escapeHref(`#${anchor(r.name, id)}`)}">${mark} ${h(v.word)}${detail}</a>${link ? `<small>${link.trim()}</small>` : ''}</td>`;
      return `<td class="v v-${v.verdict}">${mark} ${h(v.word)}${detail ? `<small>${h(v.detail!)}${link}</small>` : link}</td>`;
    });
    const s = r.result.stats;
    const status = r.result.status === 'complete' ? 'complete' : '<strong>INCOMPLETE</strong>';
    const title = r.title ? ` title="${h(r.title)}"` : '';
    return `<tr><th${title}>${h(r.name)}</th>${cells.join('')}<td class="num">${fmt(s.distinctStates)}</td><td class="num">${status}${report.timings ? `, ${s.seconds.toFixed(1)} s` : ''}</td></tr>`;
  });
  return `<div class="scroll"><table class="matrix">${head}${rows.join('')}</table></div>`;
}

/**
 * A step table: unchanged cells empty, changed cells tinted, the new values marked; a lasso's cycle
 * and end flagged; a marked state (an invariant false there) outlined, with the property's description.
 */
export function stepTableHtml(t: StepTable): string {
  const head = `<tr><th>step</th><th>action</th>${t.columns.map((c) => `<th title="${h(c.lane)}">${h(c.actor)}</th>`).join('')}</tr>`;
  const cycle = t.loop && !t.loop.stutters ? t.loop.at : undefined;
  const marked = (i: number) => {
    const ms = marksAt(t, i);
    return {
      cls: ms.some((m) => m.kind !== 'witnessed') ? 'marked' : ms.length ? 'witnessed' : '',
      text: ms.map((m) => `<strong class="${m.kind === 'witnessed' ? 'mark-ok' : 'mark'}">${h(markText(m))}</strong>`).join(''),
    };
  };
  const init = t.columns.map((c) => `<td>${[h(c.initial.state), ...c.initial.fields.map((f) => `${h(f.field)}: ${h(f.value)}`)].join('<br>')}</td>`);
  const m0 = marked(0);
  const initClass = ['init', cycle === 0 ? 'cycle-start' : '', m0.cls].filter(Boolean).join(' ');
  const rows = [`<tr class="${initClass}"><td class="num">0</td><td class="act">initial state${cycle === 0 ? ' <strong>↻ the cycle starts here</strong>' : ''}${m0.text}</td>${init.join('')}</tr>`];
  for (const r of t.rows) {
    const cells = r.changes.map((c) => {
      if (!c) return '<td class="same"></td>';
      const head = c.from === c.to ? h(c.to) : `<span class="was">${h(c.from)} →</span> <mark>${h(c.to)}</mark>`;
      const fields = c.fields.map((f) => `${h(f.field)}: <span class="was">${h(f.from)} →</span> <mark>${h(f.to)}</mark>`);
      return `<td class="chg">${[head, ...fields].join('<br>')}</td>`;
    });
    const m = marked(r.index);
    const classes = [cycle !== undefined && r.index === cycle ? 'cycle-start' : '', cycle !== undefined && r.index > cycle ? 'in-cycle' : '', m.cls].filter(Boolean).join(' ');
    const mark = cycle !== undefined && r.index === cycle ? ' <strong>↻ the cycle starts after this step</strong>' : '';
    rows.push(`<tr${classes ? ` class="${classes}"` : ''}><td class="num">${r.index}</td><td class="act">${h(r.action)}${mark}${m.text}</td>${cells.join('')}</tr>`);
  }
  if (t.loop) {
    const last = t.rows[t.rows.length - 1]?.index ?? 0;
    const words = t.loop.stutters ? '⟳ the system stays in this state forever (stuttering)' : `↻ steps ${t.loop.at + 1}–${last} repeat forever`;
    rows.push(`<tr class="forever"><td class="num">∞</td><td class="act" colspan="${t.columns.length + 1}">${words}</td></tr>`);
  }
  const legend = t.legend?.length ? `<p class="legend fields">${t.legend.map((l) => `<strong>${h(l.field)}</strong>: ${h(l.description)}`).join('; ')}.</p>` : '';
  return `<div class="scroll"><table class="steps">${head}${rows.join('')}</table></div>${legend}`;
}

/** The class of an outcome word: ok, blocks, impossible, or an error (errno). */
export function outcomeClass(outcome: string): string {
  if (outcome === 'impossible') return 'o-impossible';
  if (outcome.startsWith('blocks')) return 'o-blocks';
  if (isFailure(outcome)) return 'o-err';
  return 'o-ok';
}

/**
 * One scenario under every variant: rows = steps, columns = variants. The first step where the
 * columns that can run the case disagree is marked (divergenceOf), every step where any column
 * differs flagged ≠, a column that cannot run the case says so in its header, and a cell that
 * departs from its row's most common outcome is emphasised.
 */
export function scenarioHtml(sc: ScenarioComparison, word = 'column'): string {
  const divergent = divergentSteps(sc);
  const d = divergenceOf(sc);
  const div = d.step;
  const cannot = (v: string) => d.cannotRun.find((c) => c.variant === v);
  const head = `<tr><th>#</th><th>step</th>${sc.columns.map((c) => {
    const no = cannot(c.variant);
    return no ? `<th class="cannot" title="${h(`cannot run this case: step ${no.step + 1} is ${no.outcome}`)}">${h(c.variant)}<small>cannot run this case</small></th>` : `<th>${h(c.variant)}</th>`;
  }).join('')}</tr>`;
  const rows = sc.steps.map((step, i) => {
    const differs = divergent.includes(i);
    const common = differs ? commonOutcome(sc, i) : undefined;
    const cells = sc.columns.map((c) => {
      const cell = c.cells[i];
      if (!cell) return '<td></td>';
      const tip = [cell.detail, ...(cell.changes ?? [])].filter(Boolean).join('\n');
      const odd = differs && cell.outcome !== common ? ' odd' : '';
      return `<td class="o ${outcomeClass(cell.outcome)}${odd}"${tip ? ` title="${h(tip)}"` : ''}>${h(cell.outcome)}</td>`;
    });
    const cls = i === div ? ' class="diverge"' : differs ? ' class="differs"' : '';
    const mark = i === div ? '➤ ' : differs ? '≠ ' : '';
    return `<tr${cls}><td class="num">${mark}${i + 1}</td><td class="step mono">${h(step)}</td>${cells.join('')}</tr>`;
  });
  const verdict = h(divergenceText(sc, word));
  return `<div class="scroll"><table class="cases">${head}${rows.join('')}</table></div><p class="legend">${verdict} Hover a cell for the action the model took and what changed.</p>`;
}
