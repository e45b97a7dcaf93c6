/**
 * What declaring an invariant per instance (forAll) buys: the dining philosophers checked with
 * "neighbours never both eat" as the benchmark declares it (forAll over pairs, bench/models/
 * philosophers.ts) and as one predicate over the whole state, and the hand-written BFS, in turn in one
 * process; best time of each.
 *   node --import tsx/esm bench/invariantForms.ts [N] [runs]      (default 16 3)
 */
import { always, check, defineSystem, type GlobalState, type System } from '../src/index.ts';
import philosophers from './models/philosophers.ts';
import { handBfsStates } from './explorers/handBfs.ts';

const n = Number(process.argv[2] ?? 16);
const runs = Number(process.argv[3] ?? 3);
const phil = Array.from({ length: n }, (_, i) => `phil${i}`);
const wholeState = (s: GlobalState) => {
  for (let i = 0; i < n; i++) if (s[phil[i]].matches('eat') && s[phil[(i + 1) % n]].matches('eat')) return false;
  return true;
};
const whole: System = defineSystem({
  name: 'dining-philosophers-whole-state-invariant',
  params: philosophers.params,
  build: (scope) => ({ ...philosophers.build(scope), properties: [always('neighbours-never-both-eat', wholeState)] }),
});

const best = { forAll: Infinity, whole: Infinity, hand: Infinity };
for (let r = 0; r < runs; r++) {
  for (const [name, sys] of [['forAll', philosophers], ['whole', whole]] as const) {
    const t0 = performance.now();
    const res = check(sys, { scope: { n } });
    if (res.status === 'error') throw res.error;
    if (res.properties[0].verdict !== 'holds') throw new Error(`${name}: the invariant should hold`);
    best[name] = Math.min(best[name], (performance.now() - t0) / 1000);
  }
  const t0 = performance.now();
  handBfsStates(n);
  best.hand = Math.min(best.hand, (performance.now() - t0) / 1000);
}
const r = (x: number) => (best.hand / x).toFixed(3);
console.log(`philosophers N=${n}, best of ${runs}: forAll ${best.forAll.toFixed(3)} s (${r(best.forAll)}x the hand BFS), ` +
  `whole-state predicate ${best.whole.toFixed(3)} s (${r(best.whole)}x), hand BFS ${best.hand.toFixed(3)} s`);
