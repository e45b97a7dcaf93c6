import { escapeHtml } from './escape.ts';
import type { SequenceDiagram, SequenceStep } from './sequence.ts';
import { markText, type TraceMark } from './stepTable.ts';

/** Layout constants, in px. Text widths are estimated per character: no font metrics without a browser. */
const M = 16;
const LANE_W = 230;
const HEAD_H = 44;
const ARROW_H = 40;
const NOTE_LINE = 14;
const NOTE_CHAR = 6.7; // 11px monospace
const LABEL_CHAR = 6.6; // 12px sans-serif, generous
const LOOP_PAD = 22;

/**
 * Draws a sequence diagram as a standalone inline SVG (no script, no external font or stylesheet), so
 * an HTML report shows it offline. One lifeline per lane; each step is a numbered arrow from the lane
 * that acts to the lane it affects (a hook for a step inside one lane), then the changes as notes over
 * their lanes. A lasso's cycle is framed "repeats forever"; a stuttering end gets a closing band; a
 * marked state (an invariant false there, a witness reached) gets a band under the step that reached it.
 * Every string is escaped with escapeHtml.
 */
export function sequenceToSvg(d: SequenceDiagram, title = 'sequence diagram', id = 'seq'): string {
  const width = 2 * M + d.lanes.length * LANE_W;
  const x = (lane: number) => M + lane * LANE_W + LANE_W / 2;
  const g: Geometry = { x, width, lanes: d.lanes.length, marker: `${id.replace(/[^A-Za-z0-9_-]/g, '_')}-arrow` };
  const body: string[] = [];
  let y = M + HEAD_H + 10;
  const cycle = d.loop && !d.loop.stutters ? d.loop.at : undefined;
  let loopTop: number | undefined;
  const marksAt = (i: number) => (d.marks ?? []).filter((m) => m.at === i);
  y = drawMarks(body, marksAt(0), y, width);
  if (cycle === 0) {
    loopTop = y;
    y += LOOP_PAD;
  }
  for (const s of d.steps) {
    y = drawStep(body, s, y, g);
    y = drawMarks(body, marksAt(s.index), y, width);
    if (cycle !== undefined && s.index === cycle) {
      loopTop = y;
      y += LOOP_PAD;
    }
  }
  if (loopTop !== undefined && cycle !== undefined) {
    const last = d.steps[d.steps.length - 1]?.index ?? cycle;
    body.push(loopFrame(loopTop, y, width, `↻ loop: steps ${cycle + 1}–${last} repeat forever (the cycle starts after step ${cycle})`));
    y += 8;
  }
  if (d.loop?.stutters) {
    body.push(band(y, width, `⟳ from step ${d.loop.at} on, the system stays in this state forever (stuttering)`));
    y += 34;
  }
  const height = y + M;
  const heads = d.lanes.map((l, i) => laneHead(x(i), l.title)).join('');
  const lifelines = d.lanes
    .map((_, i) => `<line class="life" x1="${x(i)}" y1="${M + HEAD_H}" x2="${x(i)}" y2="${height - M}"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="seq" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title>${STYLE}${markers(g.marker)}${lifelines}${heads}${body.join('')}</svg>`
  );
}

const STYLE =
  '<style>' +
  '.seq text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:12px;fill:#1f2328}' +
  '.seq .life{stroke:#8c959f;stroke-dasharray:4 4}' +
  '.seq .head{fill:#ddf4ff;stroke:#0969da}.seq .head-t{font-weight:600}' +
  '.seq .msg{stroke:#1f2328;stroke-width:1.4;fill:none}.seq .msg2{stroke:#57606a;stroke-width:1;stroke-dasharray:3 3;fill:none}' +
  '.seq .num{font-weight:700}' +
  '.seq .note{fill:#fff8c5;stroke:#d4a72c}.seq .note-t{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px}' +
  '.seq .loop{fill:none;stroke:#bc4c00;stroke-width:1.5;stroke-dasharray:6 3}.seq .loop-t{fill:#bc4c00;font-weight:600}' +
  '.seq .band{fill:#fff1e5;stroke:#bc4c00;stroke-dasharray:6 3}' +
  '.seq .mark{fill:#ffebe9;stroke:#cf222e;stroke-width:1.5}.seq .mark-t{fill:#a40e26;font-weight:600}' +
  '.seq .mark-ok{fill:#dafbe1;stroke:#1a7f37;stroke-width:1.5}.seq .mark-ok-t{fill:#116329;font-weight:600}' +
  '</style>';

interface Geometry {
  x: (lane: number) => number;
  width: number;
  lanes: number;
  /** Id of the arrowhead marker: unique per diagram, since several SVGs share one HTML document. */
  marker: string;
}

const markers = (id: string) =>
  `<defs><marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
  '<path d="M0,0L10,5L0,10z" fill="#1f2328"/></marker></defs>';

function laneHead(cx: number, title: string): string {
  const lines = wrap(title, Math.floor((LANE_W - 24) / LABEL_CHAR)).slice(0, 2);
  const top = M + (lines.length === 1 ? 27 : 19);
  const text = lines.map((l, i) => `<text class="head-t" x="${cx}" y="${top + i * 15}" text-anchor="middle">${escapeHtml(l)}</text>`).join('');
  return `<rect class="head" x="${cx - LANE_W / 2 + 8}" y="${M}" width="${LANE_W - 16}" height="${HEAD_H}" rx="5"/>${text}`;
}

/** Draws one step at height y; returns the y below it. */
function drawStep(out: string[], s: SequenceStep, y: number, g: Geometry): number {
  const { x, width } = g;
  const head = `marker-end="url(#${g.marker})"`;
  const from = x(s.from);
  const lineY = y + 26;
  const label = `${s.index}. ${s.label}`;
  if (s.to.length === 0) {
    const right = s.from < g.lanes - 1;
    const dx = right ? 34 : -34;
    out.push(`<path class="msg" d="M${from},${lineY - 8}h${dx}v14h${-dx}" ${head}/>`);
    out.push(labelText(label, right ? from + dx + 6 : from + dx - 6, lineY - 8, right ? 'start' : 'end', width));
  } else {
    const to = x(s.to[0]);
    out.push(`<line class="msg" x1="${from}" y1="${lineY}" x2="${to + (to > from ? -2 : 2)}" y2="${lineY}" ${head}/>`);
    for (const other of s.to.slice(1)) {
      const ox = x(other);
      out.push(`<line class="msg2" x1="${from}" y1="${lineY + 5}" x2="${ox + (ox > from ? -2 : 2)}" y2="${lineY + 5}" ${head}/>`);
    }
    // A label longer than its arrow starts just right of the leftmost end and runs on to the right.
    const fits = label.length * LABEL_CHAR < Math.abs(to - from) - 16;
    out.push(fits ? labelText(label, (from + to) / 2, lineY - 7, 'middle', width) : labelText(label, Math.min(from, to) + 8, lineY - 7, 'start', width));
  }
  let bottom = y + ARROW_H;
  for (const n of s.notes) bottom = Math.max(bottom, drawNote(out, x(n.lane), y + ARROW_H, n.lines));
  return bottom + 8;
}

function labelText(label: string, at: number, y: number, anchor: 'start' | 'middle' | 'end', width: number): string {
  const w = label.length * LABEL_CHAR;
  let px = at;
  if (anchor === 'middle') px = Math.min(Math.max(at, M + w / 2), width - M - w / 2);
  const [num, ...rest] = label.split(' ');
  return `<text x="${px}" y="${y}" text-anchor="${anchor}"><tspan class="num">${escapeHtml(num)}</tspan> ${escapeHtml(rest.join(' '))}</text>`;
}

/** A note box centred on a lane; returns its bottom. */
function drawNote(out: string[], cx: number, y: number, lines: string[]): number {
  const maxChars = Math.floor((LANE_W - 20) / NOTE_CHAR);
  const wrapped = lines.flatMap((l) => wrap(l, maxChars));
  const w = Math.min(LANE_W - 8, Math.max(...wrapped.map((l) => l.length)) * NOTE_CHAR + 14);
  const h = wrapped.length * NOTE_LINE + 10;
  out.push(`<rect class="note" x="${cx - w / 2}" y="${y}" width="${w}" height="${h}" rx="3"/>`);
  wrapped.forEach((l, i) => out.push(`<text class="note-t" x="${cx - w / 2 + 7}" y="${y + 16 + i * NOTE_LINE}">${escapeHtml(l)}</text>`));
  return y + h;
}

/** A band across every lane for each mark at this point of the trace; returns the y below them. */
function drawMarks(out: string[], marks: readonly TraceMark[], y: number, width: number): number {
  for (const m of marks) {
    const lines = wrap(markText(m), Math.floor((width - 2 * M - 16) / LABEL_CHAR));
    const h = lines.length * 16 + 10;
    const cls = m.kind === 'witnessed' ? 'mark-ok' : 'mark';
    out.push(`<rect class="${cls}" x="${M / 2}" y="${y}" width="${width - M}" height="${h}" rx="6"><title>${escapeHtml(markText(m))}</title></rect>`);
    lines.forEach((l, i) => out.push(`<text class="${cls}-t" x="${M}" y="${y + 17 + i * 16}">${escapeHtml(l)}</text>`));
    y += h + 8;
  }
  return y;
}

function loopFrame(top: number, bottom: number, width: number, text: string): string {
  return (
    `<rect class="loop" x="${M / 2}" y="${top}" width="${width - M}" height="${bottom - top}" rx="6"/>` +
    `<text class="loop-t" x="${M}" y="${top + 15}">${escapeHtml(text)}</text>`
  );
}

function band(y: number, width: number, text: string): string {
  return `<rect class="band" x="${M / 2}" y="${y}" width="${width - M}" height="26" rx="6"/><text class="loop-t" x="${width / 2}" y="${y + 17}" text-anchor="middle">${escapeHtml(text)}</text>`;
}

/** Splits text into lines of at most `max` characters, at spaces or commas when it can. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let rest = text;
  // Continuation lines are indented by two spaces, so they hold two characters less.
  for (let room = max; rest.length > room; room = max - 2) {
    const window = rest.slice(0, room + 1);
    let cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf(',') + 1);
    if (cut < room / 3) cut = room;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || lines.length === 0) lines.push(rest);
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`));
}
