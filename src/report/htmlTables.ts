import { fmt } from '../util/format.ts';
import { escapeHtml as h, escapeHref } from './escape.ts';
import type { StepTable } from './stepTable.ts';
import { commonOutcome, divergentSteps, type ScenarioComparison } from './scenarioTable.ts';
import { anchor } from './comparison.ts';
import { cellView, propertyIds, type ComparisonReport } from './reportModel.ts';

/** The verdict matrix: one row per variant, one column per property; violated cells link to their section. */
export function matrixHtml(report: ComparisonReport): string {
  const ids = propertyIds(report.rows);
  const head = `<tr><th>${h(report.variantWord ?? 'design')}</th>${ids.map((id) => `<th>${h(id)}</th>`).join('')}<th>states explored</th><th>search</th></tr>`;
  const rows = report.rows.map((r) => {
    const cells = ids.map((id) => {
      const p = r.result.properties.find((x) => x.id === id);
      const v = cellView(p);
      const detail = v.detail ? `<small>${h(v.detail)}</small>` : '';
      if (v.verdict === 'violated') return `<td class="v v-violated"><a href="${escapeHref(`#${anchor(r.name, id)}`)}">✗ violated${detail}</a></td>`;
      const file = p?.trace ? report.traceFile?.(r.name, id) : undefined;
      const link = file ? ` <a href="${escapeHref(file)}">ITF</a>` : '';
      const mark = v.verdict === 'holds' ? '✓' : '…';
      return `<td class="v v-${v.verdict}">${mark} ${h(v.word)}${detail ? `<small>${h(v.detail!)}${link}</small>` : link}</td>`;
    });
    const s = r.result.stats;
    const status = r.result.status === 'complete' ? 'complete' : '<strong>INCOMPLETE</strong>';
    const title = r.title ? ` title="${h(r.title)}"` : '';
    return `<tr><th${title}>${h(r.name)}</th>${cells.join('')}<td class="num">${fmt(s.distinctStates)}</td><td class="num">${status}${report.timings ? `, ${s.seconds.toFixed(1)} s` : ''}</td></tr>`;
  });
  return `<div class="scroll"><table class="matrix">${head}${rows.join('')}</table></div>`;
}

/** A step table: unchanged cells empty, changed cells tinted, the new values marked; a lasso's cycle and end flagged. */
export function stepTableHtml(t: StepTable): string {
  const head = `<tr><th>step</th><th>action</th>${t.columns.map((c) => `<th title="${h(c.lane)}">${h(c.actor)}</th>`).join('')}</tr>`;
  const cycle = t.loop && !t.loop.stutters ? t.loop.at : undefined;
  const init = t.columns.map((c) => `<td>${[h(c.initial.state), ...c.initial.fields.map((f) => `${h(f.field)}: ${h(f.value)}`)].join('<br>')}</td>`);
  const rows = [`<tr class="init${cycle === 0 ? ' cycle-start' : ''}"><td class="num">0</td><td class="act">initial state${cycle === 0 ? ' <strong>↻ the cycle starts here</strong>' : ''}</td>${init.join('')}</tr>`];
  for (const r of t.rows) {
    const cells = r.changes.map((c) => {
      if (!c) return '<td class="same"></td>';
      const head = c.from === c.to ? h(c.to) : `<span class="was">${h(c.from)} →</span> <mark>${h(c.to)}</mark>`;
      const fields = c.fields.map((f) => `${h(f.field)}: <span class="was">${h(f.from)} →</span> <mark>${h(f.to)}</mark>`);
      return `<td class="chg">${[head, ...fields].join('<br>')}</td>`;
    });
    const classes = [cycle !== undefined && r.index === cycle ? 'cycle-start' : '', cycle !== undefined && r.index > cycle ? 'in-cycle' : ''].filter(Boolean).join(' ');
    const mark = cycle !== undefined && r.index === cycle ? ' <strong>↻ the cycle starts after this step</strong>' : '';
    rows.push(`<tr${classes ? ` class="${classes}"` : ''}><td class="num">${r.index}</td><td class="act">${h(r.action)}${mark}</td>${cells.join('')}</tr>`);
  }
  if (t.loop) {
    const last = t.rows[t.rows.length - 1]?.index ?? 0;
    const words = t.loop.stutters ? '⟳ the system stays in this state forever (stuttering)' : `↻ steps ${t.loop.at + 1}–${last} repeat forever`;
    rows.push(`<tr class="forever"><td class="num">∞</td><td class="act" colspan="${t.columns.length + 1}">${words}</td></tr>`);
  }
  return `<div class="scroll"><table class="steps">${head}${rows.join('')}</table></div>`;
}

/** The class of an outcome word: ok, blocks, impossible, or an error (errno). */
function outcomeClass(outcome: string): string {
  if (outcome === 'impossible') return 'o-impossible';
  if (outcome.startsWith('blocks')) return 'o-blocks';
  if (/^E[A-Z]+/.test(outcome)) return 'o-err';
  return 'o-ok';
}

/**
 * One scenario under every variant: rows = steps, columns = variants. The first step where the
 * columns disagree is marked, later disagreements flagged ≠, and a cell that departs from its row's
 * most common outcome is emphasised.
 */
export function scenarioHtml(sc: ScenarioComparison): string {
  const divergent = divergentSteps(sc);
  const div = divergent[0];
  const head = `<tr><th>#</th><th>step</th>${sc.columns.map((c) => `<th>${h(c.variant)}</th>`).join('')}</tr>`;
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
  const verdict = div === undefined ? 'Every column gives the same outcome at every step.' : `The columns first disagree at step ${div + 1}.`;
  return `<div class="scroll"><table class="cases">${head}${rows.join('')}</table></div><p class="legend">${verdict} Hover a cell for the action the model took and what changed.</p>`;
}
