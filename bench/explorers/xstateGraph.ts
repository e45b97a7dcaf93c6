import { getAdjacencyMap } from 'xstate/graph';
import { philosophersTable } from '../models/philosophersTable.ts';

/**
 * XState's own full traversal: getAdjacencyMap from xstate/graph on one machine for the whole table
 * (bench/models/philosophersTable.ts), with its default snapshot serialisation and its default event
 * set (every event type the active state nodes listen to). Returns the number of distinct states.
 */
export function xstateGraphStates(n: number): number {
  const adj = getAdjacencyMap(philosophersTable(n), {});
  return Object.keys(adj).length;
}
