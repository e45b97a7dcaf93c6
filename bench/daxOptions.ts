/**
 * The DAX model's state space at each scope option of issue 17 (docs/dax-model.md, "State space per
 * option"): every design at the default scope, then with each option on, the same design side by side,
 * with the ratio to the default. Safety properties only unless --liveness (the liveness verdicts need
 * the whole graph). Each run is capped; a capped run is marked ≥ and its count is a lower bound.
 *   node --import tsx/esm bench/daxOptions.ts [--options threads,fork,...] [--designs a,b] [--scope k=v,...]
 *                                       [--max-states N] [--timeout S] [--liveness | --symmetry] [--json]
 * An option may carry the scope it needs to matter, e.g. punch+blocks=2 (a hole punch of one block needs
 * two); its baseline is then the default with those extra keys. --symmetry measures the same cells with
 * symmetry reduction over the processes (sound for the safety properties; not with --liveness). Runs in this process, one check after
 * another; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { checkAsync } from '../src/index.ts';
import { parseScope } from '../src/engine/scope.ts';
import { DESIGNS } from '../specs/designs/designs.ts';
import { daxSystem } from '../specs/dax/system.ts';

const DEFAULT_OPTIONS = 'threads,fork,inflight,lastRef,asyncDereg,punch+blocks=2,passData,reopen';
const { values } = parseArgs({
  options: {
    options: { type: 'string', default: DEFAULT_OPTIONS },
    designs: { type: 'string' },
    scope: { type: 'string', default: '' },
    'max-states': { type: 'string', default: '5000000' },
    timeout: { type: 'string', default: '180' },
    liveness: { type: 'boolean', default: false },
    symmetry: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const designs = values.designs ? DESIGNS.filter((d) => values.designs!.split(',').includes(d.id)) : DESIGNS;
const base = parseScope(values.scope!);
const maxStates = Number(values['max-states']);
const timeoutMs = Number(values.timeout) * 1000;
if (values.liveness && values.symmetry) throw new Error('--symmetry is for the safety properties: drop --liveness');

/** One option entry: its name, the scope that turns it on, and the baseline scope it is compared with. */
interface Entry {
  name: string;
  on: Record<string, number>;
  baseline: Record<string, number>;
}
const entries: Entry[] = values.options!.split(',').map((text) => {
  const [name, ...extra] = text.trim().split('+');
  const more = parseScope(extra.join(','));
  return { name, on: { ...base, ...more, [name]: 1 }, baseline: { ...base, ...more } };
});

interface Run {
  design: string;
  scope: Record<string, number>;
  states: number;
  seconds: number;
  depth: number;
  /** Why the run stopped early, if it did: then `states` is a lower bound. */
  stoppedBy?: string;
  verdicts: Record<string, string>;
}

const runs: Run[] = [];
const key = (d: string, scope: Record<string, number>) => `${d} ${JSON.stringify(Object.entries(scope).sort())}`;
const done = new Map<string, Run>();
const load0 = loadavg();

async function measure(design: (typeof DESIGNS)[number], scope: Record<string, number>): Promise<Run> {
  const k = key(design.id, scope);
  const hit = done.get(k);
  if (hit) return hit;
  const label = Object.entries(scope).map(([a, b]) => `${a}=${b}`).join(',') || 'default';
  process.stderr.write(`${design.id} ${label} ... `);
  const r = await checkAsync(daxSystem(design).system, { scope, safetyOnly: !values.liveness, symmetry: values.symmetry, maxStates, timeoutMs });
  if (r.status === 'error') throw r.error;
  const run: Run = {
    design: design.id,
    scope,
    states: r.stats.distinctStates,
    seconds: r.stats.seconds,
    depth: r.stats.depth,
    ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
    verdicts: Object.fromEntries(r.properties.map((p) => [p.id, `${p.verdict}${p.trace ? ` (${p.trace.steps.length - 1})` : ''}`])),
  };
  process.stderr.write(`${run.stoppedBy ? '>= ' : ''}${run.states.toLocaleString('en-US')} states, ${run.seconds.toFixed(1)} s\n`);
  done.set(k, run);
  runs.push(run);
  return run;
}

const rows: { design: string; option: string; baseline: Run; on: Run }[] = [];
for (const d of designs) {
  for (const e of entries) rows.push({ design: d.id, option: e.name, baseline: await measure(d, e.baseline), on: await measure(d, e.on) });
}

/** Verdicts that differ between the baseline and the option (decided on both sides). */
function flips(b: Run, o: Run): string[] {
  return Object.keys(o.verdicts).flatMap((p) => {
    const [vb, vo] = [b.verdicts[p] ?? '', o.verdicts[p]];
    const decided = (v: string) => v.startsWith('holds') || v.startsWith('violated');
    return decided(vb) && decided(vo) && vb.split(' ')[0] !== vo.split(' ')[0] ? [`${p}: ${vb.split(' ')[0]} -> ${vo.split(' ')[0]}`] : [];
  });
}

const load1 = loadavg();
if (values.json) {
  console.log(JSON.stringify({ maxStates, timeoutSeconds: timeoutMs / 1000, liveness: values.liveness, symmetry: values.symmetry, loadAverage: [load0, load1], runs }, null, 2));
} else {
  const fmt = (r: Run) => `${r.stoppedBy ? '≥ ' : ''}${r.states.toLocaleString('en-US')} / ${r.seconds.toFixed(1)} s${r.stoppedBy === 'timeout' ? ' (timeout)' : ''}`;
  const ratio = (row: (typeof rows)[number]) =>
    row.baseline.stoppedBy ? '?' : `${row.on.stoppedBy ? '≥ ' : ''}x${(row.on.states / row.baseline.states).toFixed(2)}`;
  console.log('| design | option | baseline: states / s | option on: states / s | ratio | verdicts that change |');
  console.log('| --- | --- | ---: | ---: | ---: | --- |');
  for (const row of rows) {
    const b = Object.entries(row.baseline.scope).map(([a, v]) => `${a}=${v}`).join(',') || 'default';
    console.log(`| ${row.design} | ${row.option} | ${fmt(row.baseline)} (${b}) | ${fmt(row.on)} | ${ratio(row)} | ${flips(row.baseline, row.on).join('; ') || '-'} |`);
  }
  console.log(
    `\n${values.liveness ? 'every property' : 'safety properties only'}${values.symmetry ? ', symmetry reduction on' : ''}; ≥: stopped at --max-states ${maxStates.toLocaleString('en-US')} (or the ${timeoutMs / 1000} s timeout), a lower bound. load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after.`,
  );
}
