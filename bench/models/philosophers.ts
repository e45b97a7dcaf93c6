import { setup } from 'xstate';
import { always, defineSystem, forAll, joint } from '../../src/index.ts';

/** Philosopher i: think -> (takes fork i) -> one -> (takes fork i+1 mod N) -> eat -> (releases both) -> think. */
export const philosopher = setup({
  types: { events: {} as { type: 'TAKE_LEFT' } | { type: 'TAKE_RIGHT' } | { type: 'RELEASE' } },
}).createMachine({
  id: 'philosopher',
  initial: 'think',
  states: {
    think: { on: { TAKE_LEFT: 'one' } },
    one: { on: { TAKE_RIGHT: 'eat' } },
    eat: { on: { RELEASE: 'think' } },
  },
});

export const fork = setup({
  types: { events: {} as { type: 'TAKE' } | { type: 'PUT' } },
}).createMachine({
  id: 'fork',
  initial: 'free',
  states: {
    free: { on: { TAKE: 'held' } },
    held: { on: { PUT: 'free' } },
  },
});

/** Reachable states: trace(M^N), M = [[1,1,1],[1,1,1],[1,0,0]]: N = 10, 12, 14, 16 give 6,726 / 39,202 / 228,486 / 1,331,714. */
export const philosophers = defineSystem({
  name: 'dining-philosophers',
  origin: { module: import.meta.url, export: 'philosophers' },
  params: { n: { default: 5, min: 2, max: 64, description: 'philosophers (and forks)' } },
  build: ({ n }) => {
    const idx = Array.from({ length: n }, (_, i) => i);
    // Actor names built once: `phil${i}` would build a string per read.
    const phil = idx.map((i) => `phil${i}`);
    const actors: Record<string, { machine: typeof philosopher | typeof fork }> = {};
    for (const i of idx) actors[`phil${i}`] = { machine: philosopher };
    for (const i of idx) actors[`fork${i}`] = { machine: fork };
    return {
      actors,
      actions: [
        joint({ name: 'takeLeft', params: { i: idx }, steps: ({ i }) => [
          { actor: `phil${i}`, event: { type: 'TAKE_LEFT' } }, { actor: `fork${i}`, event: { type: 'TAKE' } }] }),
        joint({ name: 'takeRight', params: { i: idx }, steps: ({ i }) => [
          { actor: `phil${i}`, event: { type: 'TAKE_RIGHT' } }, { actor: `fork${(i + 1) % n}`, event: { type: 'TAKE' } }] }),
        joint({ name: 'release', params: { i: idx }, steps: ({ i }) => [
          { actor: `phil${i}`, event: { type: 'RELEASE' } },
          { actor: `fork${i}`, event: { type: 'PUT' } },
          { actor: `fork${(i + 1) % n}`, event: { type: 'PUT' } }] }),
      ],
      properties: [
        // Declared per pair of neighbours (forAll): each pair's answer is remembered per pair of local
        // snapshots, as the hand-written BFS tests one precompiled mask per pair.
        always(
          'neighbours-never-both-eat',
          forAll({ i: idx }, ({ i }) => [phil[i], phil[(i + 1) % n]], (s, { i }) => !(s[phil[i]].matches('eat') && s[phil[(i + 1) % n]].matches('eat'))),
        ),
      ],
      // Everyone holding their left fork is the classic deadlock; the benchmark counts states, so it is off.
      checkDeadlock: false,
    };
  },
});

export default philosophers;
