import { counted } from '../util/plural.ts';
import { exploreAsync } from '../engine/explore.ts';
import { pathTo } from '../engine/trace.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { sometimes } from '../spec/property.ts';
import { compilePredicate, examplePredicate } from './predicate.ts';
import { stepOf, type StepRef } from './steps.ts';
import type { Design } from './walk.ts';

/**
 * What a search for a state found: the shortest walk to it, or why there is none. `states` is how many
 * distinct states the predicate was tried on: up to and including the hit, or all that were searched.
 * `message` says it in words, numbers formatted, for the page to show.
 */
export type FindResult =
  | { found: true; steps: StepRef[]; states: number; message: string }
  | { found: false; complete: boolean; states: number; reason: string; message: string };

/** The name the typed predicate gets as a property in the search (never shown). */
const GOAL = 'explorer:predicate';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, word: string) => counted(x, word, n(x));

/** A predicate of design d for hints: its first actor in the state it starts in. */
export function designExample(d: Design): string {
  const t = d.cs.tables[0];
  return examplePredicate(d.cs.actorNames[0], t.snapshots[d.cs.initial[0]]?.value);
}

/**
 * The shortest walk, in design d, from the initial state to a state where `text` (a predicate typed
 * in the page, see compilePredicate) holds: the engine's breadth-first search with the predicate as a
 * `sometimes` property, stopped at the first hit (BFS order is index order, so the hit's index + 1 is
 * how many states were tried) or at `maxStates` distinct states. The search gives the event loop a
 * turn every 100 ms, so the server keeps answering. A predicate that throws, loops or writes is LC022.
 */
export async function findState(d: Design, text: unknown, maxStates: number, signal?: AbortSignal): Promise<FindResult> {
  const predicate = compilePredicate(text, designExample(d));
  const cs = { ...d.cs, properties: [sometimes(GOAL, predicate)], checkDeadlock: false, forAll: new Map() };
  let ex;
  try {
    ex = await exploreAsync(cs, { maxStates, stopWhenSettled: true, ...(signal ? { signal } : {}) });
  } catch (e) {
    if (e instanceof LeasecheckError) throw e.code === 'LC022' ? new LeasecheckError('LC022', e.message.replace(`property ${GOAL} threw: `, '')) : e;
    throw new LeasecheckError('LC022', `the search failed: ${describeThrown(e)}`);
  }
  const id = d.system.variant.id;
  const at = ex.found.get(GOAL);
  if (at !== undefined) {
    const steps = pathTo(ex, at).map((i) => stepOf(cs.instances[i]));
    const where = steps.length === 0 ? 'the initial state satisfies it' : `the shortest path is ${plural(steps.length, 'step')}`;
    return { found: true, steps, states: at + 1, message: `Found in ${id}: ${where} (${plural(at + 1, 'state')} searched).` };
  }
  const complete = ex.stopped === null;
  const reason = complete
    ? `no reachable state of ${id} satisfies it (all ${plural(ex.distinct, 'state')} searched)`
    : `not found in the first ${plural(ex.distinct, 'state')} of ${id} (the search stopped: ${ex.stopped}; raise --max-states)`;
  return { found: false, complete, states: ex.distinct, reason, message: `Not found: ${reason}.` };
}
