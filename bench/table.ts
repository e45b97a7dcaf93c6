import type { CountCheck, Row, Target } from './results.ts';

const int = (x: number) => Math.round(x).toLocaleString('en-US');

function ratio(x: number): string {
  if (x >= 100) return `${x.toFixed(0)}x`;
  if (x >= 10) return `${x.toFixed(1)}x`;
  return `${x.toFixed(x >= 1 ? 2 : 3)}x`;
}

function seconds(x: number): string {
  return x >= 10 ? x.toFixed(1) : x.toFixed(3);
}

/** The results as a plain-text table; skipped and failed rows say why in place of the figures. */
export function formatTable(rows: Row[]): string {
  const head = ['model', 'N', 'explorer', 'distinct states', 'seconds', 'states/s', 'peak MB (+search)', 'B/state', 'vs leasecheck'];
  const body = rows.map((r) =>
    r.status === 'ok'
      ? [r.model, String(r.n), r.explorer, `${r.capped ? '>= ' : ''}${int(r.states!)}`, seconds(r.seconds!), int(r.statesPerSecond!),
          r.explorer === 'spin' ? `${r.peakRssMB!.toFixed(0)} (pan)` : `${r.peakRssMB!.toFixed(0)} (+${r.rssDeltaMB!.toFixed(0)})`,
          r.bytesPerState === undefined ? '-' : r.bytesPerState.toFixed(1),
          r.vsLeasecheck === undefined ? '-' : ratio(r.vsLeasecheck)]
      : [r.model, String(r.n), r.explorer, `${r.status === 'failed' ? 'FAILED: ' : ''}${r.note}`],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.filter((b) => b.length === head.length).map((b) => b[i].length)));
  const right = new Set([1, 3, 4, 5, 6, 7, 8]);
  const line = (cells: string[]) =>
    cells.length === head.length
      ? cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
      : cells.slice(0, 3).map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ') + '  ' + cells[3];
  const caps = rows.filter((r) => r.capped).map((r) => `  ${r.model} N=${r.n} ${r.explorer}: ${r.capped}`);
  const notes = rows.filter((r) => r.status === 'ok' && r.note).map((r) => `  ${r.model} N=${r.n} ${r.explorer}: ${r.note}`);
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...(caps.length ? ['capped runs (>=):', ...caps] : []), ...(notes.length ? ['notes:', ...notes] : [])].join('\n');
}

export function formatCounts(c: CountCheck): string {
  const known = Object.entries(c.expected).map(([k, v]) => `${k}: ${int(v)}`).join(', ');
  return c.agree
    ? `counts: every explorer that ran a model at a size found the same distinct states (${known})`
    : ['counts: MISMATCH', ...c.mismatches.map((m) => `  ${m}`)].join('\n');
}

export function formatTargets(ts: Target[]): string {
  return ['targets of issues 2, 6 and 13 (states/s ratios; bytes per state of the fingerprint table + parent + action):', ...ts.map((t) => {
    const goal = `${t.atLeast ? '>=' : '<='} ${t.other === 'bytes' ? `${t.target} B` : `${+t.target.toFixed(3)}x`}`;
    const fmt = (x: number) => (t.other === 'bytes' ? `${x.toFixed(1)} B` : ratio(x));
    const got = t.ratio === null ? `not measured` : `${fmt(t.ratio)}  ${t.met ? 'met' : 'NOT met'}`;
    return `  ${t.label.padEnd(58)} target ${goal.padEnd(8)} measured ${got}`;
  })].join('\n');
}
