/**
 * The seen-set shortcut under symmetry (Successors.seen) off and on, on the DAX model, runs alternating
 * in one process, with the ratio of the orbits a second. Safety properties only; the search is the same
 * with and without it (test/engine/seenShortcut.test.ts), only the time differs.
 *   node --import tsx/esm bench/seenShortcut.ts [--design zombie-lease-v1] [--scope processes=3]
 *     [--max-states 4000000] [--workers 1] [--rounds 2]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { compileSystem, withVariant } from '../src/index.ts';
import { explore, type Exploration } from '../src/engine/explore.ts';
import { exploreParallel } from '../src/engine/workers/parallel.ts';
import { Symmetry } from '../src/engine/symmetry.ts';
import { dax } from '../specs/dax/system.ts';

const { values } = parseArgs({
  options: {
    design: { type: 'string', default: 'zombie-lease-v1' },
    scope: { type: 'string', default: 'processes=3' },
    'max-states': { type: 'string', default: '4000000' },
    workers: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
  },
});
const scope = Object.fromEntries(values.scope.split(',').filter(Boolean).map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]));
const workers = Number(values.workers);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function run(seenShortcut: boolean): Promise<Exploration> {
  const cs = compileSystem(withVariant(dax, values.design), scope);
  const opts = { reduceBy: new Symmetry(cs, cs.symmetry!), seenShortcut, maxStates: Number(values['max-states']) };
  return workers > 1 ? exploreParallel(cs, { ...opts, workers, origin: cs.origin!, scope: { ...cs.scope }, safetyOnly: true }) : explore(cs, opts);
}

console.log(`${values.design} at ${values.scope}, ${workers} thread(s), up to ${values['max-states']} orbits; load average before: ${load()}`);
const rate: Record<'off' | 'on', number[]> = { off: [], on: [] };
for (let r = 0; r < Number(values.rounds); r++) {
  for (const on of [false, true]) {
    const ex = await run(on);
    const perSecond = ex.distinct / ex.seconds;
    rate[on ? 'on' : 'off'].push(perSecond);
    console.log(`shortcut ${on ? 'on ' : 'off'}: ${ex.distinct} orbits, ${ex.generated} successors, ${ex.seconds.toFixed(1)} s, ${(perSecond / 1000).toFixed(1)} K orbits/s${on ? `, ${ex.extraLookups} canonical forms computed` : ''}`);
  }
}
const best = (xs: number[]) => Math.max(...xs);
console.log(`on/off (best of each): ${(best(rate.on) / best(rate.off)).toFixed(2)}x; load average after: ${load()}`);
