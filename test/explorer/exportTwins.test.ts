/**
 * A step taken that no scenario line names as replay would take it (two actions with one label, both
 * enabled, different effects) is not silently left out of an exported scenario, which would replay
 * every later line from another state: the export is refused, LC030, pointing to ITF (found by review).
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { defineSystem, joint, LeasecheckError } from '../../src/index.ts';
import { walkScenario } from '../../src/explorer/exportScenario.ts';
import { Walker } from '../../src/explorer/walk.ts';

const door = setup({ types: { events: {} as { type: 'OPEN' } | { type: 'SLAM' } } }).createMachine({
  id: 'door',
  initial: 'shut',
  states: { shut: { on: { OPEN: 'open', SLAM: 'broken' } }, open: {}, broken: {} },
});

// Both instances read "d: push": replay takes the first, the walk below takes the second.
const sys = defineSystem({
  name: 'twins',
  build: () => ({
    actors: { d: { machine: door } },
    actions: [joint({ name: 'push', params: { hard: [false, true] }, label: () => 'd: push', steps: ({ hard }) => ({ actor: 'd', event: { type: hard ? 'SLAM' : 'OPEN' } }) })],
    properties: [],
    checkDeadlock: false,
  }),
});

describe('exporting a walk as a scenario', () => {
  it('refuses a step replay would take another way (LC030), and exports the one it would take', () => {
    const w = new Walker([sys], {});
    const id = w.designs[0].system.variant.id;
    expect(walkScenario(w, id, [{ op: 'push', params: { hard: false } }])).toContain('d: push');
    let thrown: unknown;
    try {
      walkScenario(w, id, [{ op: 'push', params: { hard: true } }]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LeasecheckError);
    expect((thrown as LeasecheckError).code).toBe('LC030');
    expect((thrown as LeasecheckError).message).toMatch(/export the walk as ITF/);
  });
});
