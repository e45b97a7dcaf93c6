import { basename, dirname, relative, resolve } from 'node:path';
import { LIMIT_FLAGS, parseArgs, type FlagSpec, type ParsedArgs } from '../args.ts';
import { limitsFrom, exitCodeFor } from '../limits.ts';
import { loadSpec } from '../loadSpec.ts';
import { progressLine } from '../progress.ts';
import { interruptSignal } from '../interrupt.ts';
import { writeFilesAtomic } from '../writeAtomic.ts';
import { validateOutputPath } from '../outputPath.ts';
import { checkAsync, type CheckOptions, type CheckSuccess } from '../../engine/check.ts';
import { explore, type Exploration } from '../../engine/explore.ts';
import { replayTrace } from '../../engine/replay.ts';
import { LeasecheckError } from '../../errors.ts';
import { checkToJSON, formatCheckText } from '../../report/checkReport.ts';
import { computeCoverage, formatCoverageText } from '../../report/coverage.ts';
import { GRAPH_STATE_LIMIT, formatStateGraph, graphFormatOf, stateGraphOf } from '../../report/graphExport.ts';
import { emitRegressionTest, type SystemSource } from '../../report/emitTest.ts';

/** Flags that add a report to a check (spec files and --design alike). */
export const REPORT_FLAGS: FlagSpec = {
  coverage: { type: 'boolean', doc: 'per joint action generated/distinct, machine states and transitions never reached, vacuous properties' },
  graph: { type: 'string', doc: `write the explored state graph (.graphml, .gexf or .dot); refused above ${GRAPH_STATE_LIMIT} states unless --max-states is given` },
  'emit-test': { type: 'string', doc: 'write a vitest file that replays each counterexample on real actors and checks it still violates' },
};

export const CHECK_FLAGS = { ...LIMIT_FLAGS, ...REPORT_FLAGS };

/** `leasecheck check <spec.ts> [--scope k=v] [--json] [limits] [--coverage] [--graph F] [--emit-test F]`. Returns the exit code. */
export async function runCheck(argv: string[]): Promise<number> {
  const args = parseArgs(argv, CHECK_FLAGS, 'check');
  if (args.positional.length !== 1) throw new LeasecheckError('LC001', 'check takes one spec file: leasecheck check <spec.ts>');
  const options = checkLimits(args);
  const specPath = args.positional[0];
  const system = await loadSpec(specPath);
  const progress = progressLine(!args.flags.json && !args.flags.quiet);
  const result = await checkAsync(system, { ...options, onProgress: progress.onProgress, signal: interruptSignal() });
  progress.done();
  if (result.status === 'error') throw result.error;
  // Every trace we print must be a real behaviour of the machines.
  for (const p of result.properties) if (p.trace) replayTrace(result.system, p.trace);
  const extra = applyReportFlags(args, result, () => specSource(specPath, argv));
  process.stdout.write(
    args.flags.json ? JSON.stringify({ ...checkToJSON(result), ...extra.json }) + '\n' : [formatCheckText(result), ...extra.text].join('\n') + '\n',
  );
  return exitCodeFor(result.properties.map((p) => p.verdict));
}

/**
 * The check's limits. With --graph and no --max-states the run stops just above the graph limit, so a
 * state space too big to draw is refused after exploring GRAPH_STATE_LIMIT states, not all of them.
 */
export function checkLimits(args: ParsedArgs): CheckOptions {
  const options = limitsFrom(args);
  // Output paths fail now, before the search (src/cli/outputPath.ts).
  if (args.flags['emit-test'] !== undefined) validateOutputPath(String(args.flags['emit-test']), 'file', '--emit-test');
  if (args.flags.graph !== undefined) {
    graphFormatOf(String(args.flags.graph));
    validateOutputPath(String(args.flags.graph), 'file', '--graph');
    if (options.maxStates === undefined) options.maxStates = GRAPH_STATE_LIMIT + 1;
  }
  return options;
}

/**
 * --graph, --coverage and --emit-test after a check: writes the files (atomically) and returns the
 * lines to add to the text report and the fields to add to the JSON one. Throws LC003 when --graph
 * meets a state space above the limit without --max-states.
 */
export function applyReportFlags(args: ParsedArgs, r: CheckSuccess, source: () => SystemSource): { text: string[]; json: Record<string, unknown> } {
  const text: string[] = [];
  const json: Record<string, unknown> = {};
  const quiet = !!args.flags.json || !!args.flags.quiet;
  const graphFile = args.flags.graph !== undefined ? String(args.flags.graph) : undefined;
  if (graphFile !== undefined && args.flags['max-states'] === undefined && r.stats.distinctStates > GRAPH_STATE_LIMIT) {
    throw new LeasecheckError(
      'LC003',
      `--graph: the state space has more than ${GRAPH_STATE_LIMIT.toLocaleString('en-US')} states, too many to draw; lower the scope, or give --max-states N to export the first N states`,
    );
  }
  let graphed: Exploration | undefined;
  const withGraph = (): Exploration => {
    if (r.exploration.graph) return r.exploration;
    // The check kept no graph (no liveness property): explore again, with the same limits, keeping it.
    graphed ??= explore(r.system, { ...limitsOnly(checkLimits(args)), recordGraph: true });
    return graphed;
  };
  if (graphFile !== undefined) {
    const ex = withGraph();
    const graph = stateGraphOf(r.system, ex);
    writeFilesAtomic(dirname(graphFile), { [basename(graphFile)]: formatStateGraph(graph, graphFormatOf(graphFile)) });
    json.graph = { file: graphFile, nodes: graph.order, edges: graph.size, complete: ex.stopped === null };
    if (!quiet) process.stderr.write(`wrote ${graphFile}: ${graph.order} states, ${graph.size} transitions${ex.stopped ? ` (incomplete: ${ex.stopped})` : ''}\n`);
  }
  if (args.flags.coverage) {
    const coverage = computeCoverage(r.system, withGraph());
    json.coverage = coverage;
    text.push('', ...formatCoverageText(coverage));
  }
  const testFile = args.flags['emit-test'] !== undefined ? String(args.flags['emit-test']) : undefined;
  if (testFile !== undefined) {
    const code = emitRegressionTest(resolve(testFile), r, source());
    if (code === null) {
      json.emittedTest = null;
      if (!quiet) process.stderr.write(`no counterexample to keep: ${testFile} not written\n`);
    } else {
      writeFilesAtomic(dirname(testFile), { [basename(testFile)]: code });
      json.emittedTest = testFile;
      if (!quiet) process.stderr.write(`wrote ${testFile}: a vitest regression test replaying every counterexample\n`);
    }
  }
  return { text, json };
}

/** The exploration limits among a check's options (not the scope, which the compiled system has). */
function limitsOnly(o: CheckOptions): CheckOptions {
  return {
    ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
    ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.maxMemoryBytes !== undefined ? { maxMemoryBytes: o.maxMemoryBytes } : {}),
  };
}

/** How an emitted test imports a spec file's system. */
function specSource(specPath: string, argv: readonly string[]): SystemSource {
  const rel = relative(process.cwd(), resolve(specPath)) || specPath;
  return {
    imports: [{ what: '* as spec', from: resolve(specPath) }],
    define: [
      '// The spec exports its system as default or as `system` (as `leasecheck check` accepts it).',
      'const exported = spec as Record<string, unknown>;',
      'const found = [exported.default, exported.system, (exported.default as Record<string, unknown> | undefined)?.default].find(isSystem);',
      `if (!found) throw new Error(${JSON.stringify(`${rel} exports no system`)});`,
      'const system = found;',
    ],
    command: `leasecheck check ${[rel, ...argv.filter((a) => a !== specPath)].join(' ')}`,
  };
}
