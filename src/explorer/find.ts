import { exploreAsync } from '../engine/explore.ts';
import { pathTo } from '../engine/trace.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { sometimes } from '../spec/property.ts';
import { compilePredicate } from './predicate.ts';
import { stepOf, type StepRef } from './steps.ts';
import type { Design } from './walk.ts';

/** What a search for a state found: the shortest walk to it, or why there is none. */
export type FindResult =
  | { found: true; steps: StepRef[]; states: number }
  | { found: false; complete: boolean; states: number; reason: string };

/** The name the typed predicate gets as a property in the search (never shown). */
const GOAL = 'explorer:predicate';

/**
 * The shortest walk, in design d, from the initial state to a state where `text` (a predicate typed
 * in the page, see compilePredicate) holds: the engine's breadth-first search with the predicate as a
 * `sometimes` property, stopped at `maxStates` distinct states. The search gives the event loop a
 * turn every 100 ms, so the server keeps answering. A predicate that throws or loops is LC022.
 */
export async function findState(d: Design, text: unknown, maxStates: number, signal?: AbortSignal): Promise<FindResult> {
  const predicate = compilePredicate(text);
  const cs = { ...d.cs, properties: [sometimes(GOAL, predicate)], checkDeadlock: false, forAll: new Map() };
  let ex;
  try {
    ex = await exploreAsync(cs, { maxStates, ...(signal ? { signal } : {}) });
  } catch (e) {
    if (e instanceof LeasecheckError) throw e.code === 'LC022' ? new LeasecheckError('LC022', e.message.replace(`property ${GOAL} threw: `, '')) : e;
    throw new LeasecheckError('LC022', `the search failed: ${describeThrown(e)}`);
  }
  const at = ex.found.get(GOAL);
  if (at !== undefined) return { found: true, steps: pathTo(ex, at).map((id) => stepOf(cs.instances[id])), states: ex.distinct };
  const complete = ex.stopped === null;
  return {
    found: false,
    complete,
    states: ex.distinct,
    reason: complete
      ? `no reachable state of ${d.system.variant.id} satisfies it (all ${ex.distinct.toLocaleString('en-US')} states searched)`
      : `not found in the first ${ex.distinct.toLocaleString('en-US')} states of ${d.system.variant.id} (the search stopped: ${ex.stopped}; raise --max-states)`,
  };
}
