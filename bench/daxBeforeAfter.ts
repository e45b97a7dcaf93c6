/**
 * The DAX model of another checkout against this one, at the default scope, safety properties only, runs
 * interleaved in one process (best of --rounds), with the ratio of the times and of the time per state.
 * It measures what a change to the model costs. The other checkout's specs/ and invariants/ are loaded
 * as they are, over this checkout's engine (link or copy its src/ to ours to compare models only):
 *   git archive main specs invariants | tar -x -C /tmp/before && ln -s "$PWD/src" /tmp/before/src
 *   node --import tsx/esm bench/daxBeforeAfter.ts --before /tmp/before [--designs a,b] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check } from '../src/index.ts';
import { DESIGNS } from '../specs/designs/designs.ts';
import { daxSystem } from '../specs/dax/system.ts';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    designs: { type: 'string', default: DESIGNS.map((d) => d.id).join(',') },
    rounds: { type: 'string', default: '3' },
  },
});
if (!values.before) throw new Error('--before DIR: a checkout (or an archive of its specs/ and invariants/) to compare with');
const other = await import(pathToFileURL(resolve(values.before, 'specs/dax/system.ts')).href);
const otherDesigns = (await import(pathToFileURL(resolve(values.before, 'specs/designs/designs.ts')).href)).DESIGNS as typeof DESIGNS;
const rounds = Number(values.rounds);

console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| design | before: states / s | after: states / s | time after/before | per state |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const id of values.designs!.split(',')) {
  const runs = {
    before: { build: () => other.daxSystem(otherDesigns.find((d) => d.id === id)).system, best: Infinity, states: 0 },
    after: { build: () => daxSystem(DESIGNS.find((d) => d.id === id)!).system, best: Infinity, states: 0 },
  };
  for (let r = 0; r < rounds; r++) {
    for (const run of [runs.before, runs.after]) {
      const t = performance.now();
      const res = check(run.build(), { safetyOnly: true });
      const s = (performance.now() - t) / 1000;
      if (res.status === 'error') throw res.error;
      run.best = Math.min(run.best, s);
      run.states = res.stats.distinctStates;
    }
  }
  const { before: b, after: a } = runs;
  const perState = a.best / a.states / (b.best / b.states);
  console.log(`| ${id} | ${b.states.toLocaleString('en-US')} / ${b.best.toFixed(2)} | ${a.states.toLocaleString('en-US')} / ${a.best.toFixed(2)} | ${(a.best / b.best).toFixed(2)} | ${perState.toFixed(2)} |`);
}
console.log(`\nbest of ${rounds} interleaved runs each; load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
