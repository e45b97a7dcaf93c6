import { extname } from 'node:path';
import { LeasecheckError } from '../errors.ts';

/** Above this many distinct states `--graph` refuses unless --max-states is given. */
export const GRAPH_STATE_LIMIT = 20_000;

/**
 * The most states --graph draws even with --max-states: the file is built as one string in memory
 * (211,836 DAX states made a 457 MB .dot at 3.5 GB resident, and a .graphml past V8's longest string).
 */
export const GRAPH_STATE_MAX = 100_000;

export type GraphFormat = 'graphml' | 'gexf' | 'dot';

/** The format a file name asks for, or LC003. (Apart from graphExport.ts, so a check without --graph does not load graphology-gexf.) */
export function graphFormatOf(file: string): GraphFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.graphml') return 'graphml';
  if (ext === '.gexf') return 'gexf';
  if (ext === '.dot' || ext === '.gv') return 'dot';
  throw new LeasecheckError('LC003', `--graph ${file}: the file name must end in .graphml, .gexf, .dot or .gv`);
}
