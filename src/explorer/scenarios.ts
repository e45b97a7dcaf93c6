import { describeThrown } from '../errors.ts';
import { loadScenario, scenarioNames } from '../scenario/files.ts';
import type { Walker } from './walk.ts';

/** A named case the explorer cannot load as it runs, and why. */
export interface UnavailableScenario {
  name: string;
  /** The scope entries the case declares that differ from the explorer's (empty when it does not parse). */
  needs: Record<string, number>;
  reason: string;
}

/** The spec's named cases GET /api/scenarios lists: those that load at the explorer's scope, and the others. */
export interface ScenarioListing {
  scenarios: string[];
  unavailable: UnavailableScenario[];
}

const scopeText = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',');

/**
 * Sorts the spec's named cases by whether they run at the explorer's scope. A case that declares
 * another scope (`scope: threads=1`) would only fail with LC002 when chosen, so it is listed apart with
 * the scope it needs and how to start an explorer that has it; so is one that does not parse.
 */
export function listScenarios(w: Walker): ScenarioListing {
  const system = w.designs[0].system;
  const out: ScenarioListing = { scenarios: [], unavailable: [] };
  for (const name of scenarioNames(system)) {
    let declared: Record<string, number>;
    try {
      declared = loadScenario(system, name).scope;
    } catch (e) {
      out.unavailable.push({ name, needs: {}, reason: describeThrown(e) });
      continue;
    }
    const needs = Object.fromEntries(Object.entries(declared).filter(([k, v]) => w.scope[k] !== v));
    if (Object.keys(needs).length === 0) {
      out.scenarios.push(name);
      continue;
    }
    const here = Object.keys(needs).map((k) => `${k}=${w.scope[k] ?? 'undefined'}`).join(',');
    out.unavailable.push({ name, needs, reason: `needs ${scopeText(needs)} (this explorer walks ${here}): start it with --scope ${scopeText(declared)}` });
  }
  return out;
}
