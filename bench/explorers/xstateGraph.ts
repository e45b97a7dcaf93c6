import { getAdjacencyMap } from 'xstate/graph';
import { philosophersTable } from '../models/philosophersTable.ts';
import { petersonTable } from '../models/petersonTable.ts';
import type { Explore, ModelName } from './index.ts';

/**
 * XState's own full traversal: getAdjacencyMap from xstate/graph on one machine for the whole system
 * (bench/models/*Table.ts), with its default snapshot serialisation and its default event set (every
 * event type the active state nodes listen to). Returns the number of distinct states.
 */
export function xstateGraphExplorer(model: ModelName): Explore {
  if (model === 'dax') throw new Error('xstate-graph: no single-machine DAX model');
  if (model === 'philosophers') return (n) => ({ states: Object.keys(getAdjacencyMap(philosophersTable(n), {})).length });
  return (n) => ({ states: Object.keys(getAdjacencyMap(petersonTable(n), {})).length });
}
