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
  const head = ['model', 'N', 'explorer', 'distinct states', 'seconds', 'states/s', 'peak RSS MB (+search)', 'states/s vs leasecheck'];
  const body = rows.map((r) =>
    r.status === 'ok'
      ? [r.model, String(r.n), r.explorer, int(r.states!), seconds(r.seconds!), int(r.statesPerSecond!),
          `${r.peakRssMB!.toFixed(0)} (+${r.rssDeltaMB!.toFixed(0)})`, r.vsLeasecheck === undefined ? '-' : ratio(r.vsLeasecheck)]
      : [r.model, String(r.n), r.explorer, `${r.status === 'failed' ? 'FAILED: ' : ''}${r.note}`],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.filter((b) => b.length === head.length).map((b) => b[i].length)));
  const right = new Set([1, 3, 4, 5, 6, 7]);
  const line = (cells: string[]) =>
    cells.length === head.length
      ? cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
      : cells.slice(0, 3).map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ') + '  ' + cells[3];
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatCounts(c: CountCheck): string {
  const ns = Object.keys(c.expected).map(Number);
  const expected = ns.map((n) => `N=${n}: ${int(c.expected[n])}`).join(', ');
  return c.agree
    ? `counts: every explorer that ran found trace(M^N) distinct states (${expected})`
    : ['counts: MISMATCH', ...c.mismatches.map((m) => `  ${m}`)].join('\n');
}

export function formatTargets(ts: Target[]): string {
  return ['issue 2 targets (leasecheck states/s / other explorer states/s):', ...ts.map((t) => {
    const goal = t.target >= 1 ? `>= ${t.target}x` : `>= 1/${Math.round(1 / t.target)} (${t.target.toFixed(3)}x)`;
    const got = t.ratio === null ? `not measured (run N=${t.n} with ${t.other})` : `${ratio(t.ratio)}  ${t.met ? 'met' : 'NOT met'}`;
    return `  ${t.label.padEnd(36)} target ${goal.padEnd(18)} measured ${got}`;
  })].join('\n');
}
