import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { parseArgs, type CommandSpec, type ParsedArgs } from '../args.ts';
import { LIMIT_OPTIONS, REPORT_OPTIONS, VARIANT_OPTIONS } from '../options.ts';
import { limitsFrom, exitCodeFor } from '../limits.ts';
import { loadTarget, variantFrom, variantWord } from '../target.ts';
import { help } from '../help.ts';
import { progressLine } from '../progress.ts';
import { DEFAULT_VARIANT } from '../../spec/variants.ts';
import type { System } from '../../spec/system.ts';
import { SCHEMA_VERSION } from '../../report/schema.ts';
import { interruptSignal } from '../interrupt.ts';
import { writeFilesAtomic } from '../writeAtomic.ts';
import { refuseInputAsOutput, validateOutputPath } from '../outputPath.ts';
import { checkAsync, type CheckOptions, type CheckSuccess } from '../../engine/check.ts';
import { explore, type Exploration } from '../../engine/explore.ts';
import { replayTrace } from '../../engine/replay.ts';
import { LeasecheckError } from '../../errors.ts';
import { checkToJSON, formatCheckText } from '../../report/checkReport.ts';
import { GRAPH_STATE_LIMIT, GRAPH_STATE_MAX, graphFormatOf } from '../../report/graphFormat.ts';
import { EMITTED_MARK, INDEX_MODULE, type SystemSource } from '../../report/emitTest.ts';

/** `leasecheck check`: every property of one variant of a spec. */
export const CHECK_COMMAND: CommandSpec = {
  name: 'check',
  usage: '[SPEC] [--variant V] [--set knob=value ...] [--scope k=v,...] [limits] [--json]',
  summary:
    "Explores every reachable state of one variant of the spec (default: its first; SPEC defaults to package.json's \"leasecheck\".spec) and checks its properties. " +
    'Every violation comes with its shortest counterexample, replayed on real XState actors (under --por, a counterexample not known to be shortest says so).',
  options: { ...VARIANT_OPTIONS, ...LIMIT_OPTIONS, ...REPORT_OPTIONS },
  maxPositional: 1,
  notes: ['exit status: 0 every property holds, 1 a property is violated (also when a limit or Ctrl-C then stopped the search: a counterexample is definite), 2 bad input, 3 incomplete (a limit or Ctrl-C stopped the search before any violation); liveness properties left out by --safety-only or --prove do not count'],
};

/** `leasecheck check [SPEC] [--variant V] [--set k=v] [--scope k=v] [limits] [--coverage] [--graph F] [--emit-test F]`. */
export async function runCheck(argv: string[]): Promise<number> {
  const args = parseArgs(argv, CHECK_COMMAND);
  if (args.flags.help) return help(CHECK_COMMAND);
  const options = checkLimits(args);
  const target = await loadTarget('check', args.positional[0]);
  // The test written must not be the spec the run reads (a slip that would overwrite it).
  if (args.flags['emit-test'] !== undefined) refuseInputAsOutput(String(args.flags['emit-test']), '--emit-test', [{ path: target.specPath, what: 'the spec' }]);
  const system = variantFrom(target.system, args);
  const progress = progressLine(args);
  const result = await checkAsync(system, { ...options, onProgress: progress.onProgress, signal: interruptSignal() }).finally(() => progress.done());
  if (result.status === 'error') throw result.error;
  // Every trace we print must be a real behaviour of the machines.
  for (const p of result.properties) if (p.trace) replayTrace(result.system, p.trace);
  explainViolations(system, result);
  const extra = await applyReportFlags(args, result, () => specSource(target.specPath, system, argv));
  const named = hasVariants(system);
  process.stdout.write(
    args.flags.json
      ? JSON.stringify(checkDocument(system, target.specPath, result, extra.json)) + '\n'
      : [...(named ? [`${variantWord(system)}: ${system.variant.id}`] : []), formatCheckText(result), ...extra.text].join('\n') + '\n',
  );
  // A property left out by request (--safety-only, --prove) is no undecided verdict.
  return exitCodeFor(result.properties.filter((p) => !p.notChecked).map((p) => p.verdict));
}

/** Puts the spec's own explanation (Presentation.explain) first in every violated property's explanation. */
export function explainViolations(system: System, r: CheckSuccess): void {
  for (const p of r.properties) {
    if (p.verdict !== 'violated') continue;
    const why = system.present.explain?.({ variant: system.variant.id, knobs: system.variant.knobs, property: p.id });
    if (why) p.explanation = [why, ...(p.explanation ?? [])];
  }
}

/** A system names its variant in output when it declares variants or one of its knobs was changed. */
export const hasVariants = (system: System) => system.variants.length > 0 || system.variant.id !== DEFAULT_VARIANT;

/** The versioned `--json` document of a check (schema/check.schema.json). */
export function checkDocument(system: System, specPath: string, r: CheckSuccess, extra: Record<string, unknown> = {}) {
  return {
    schema: 'leasecheck/check' as const,
    schemaVersion: SCHEMA_VERSION,
    spec: specPath,
    variant: { id: system.variant.id, knobs: { ...system.variant.knobs } },
    ...checkToJSON(r),
    ...extra,
  };
}

/**
 * The check's limits. With --graph and no --max-states the run stops just above the graph limit, so a
 * state space too big to draw is refused after exploring GRAPH_STATE_LIMIT states, not all of them.
 */
export function checkLimits(args: ParsedArgs): CheckOptions {
  const options = limitsFrom(args);
  // Output paths fail now, before the search (src/cli/outputPath.ts).
  if (args.flags['emit-test'] !== undefined) {
    const file = String(args.flags['emit-test']);
    validateOutputPath(file, 'file', '--emit-test');
    refuseForeignFile(file);
  }
  if (args.flags.graph !== undefined) {
    graphFormatOf(String(args.flags.graph));
    validateOutputPath(String(args.flags.graph), 'file', '--graph');
    if (args.flags['emit-test'] !== undefined && resolve(String(args.flags.graph)) === resolve(String(args.flags['emit-test']))) {
      throw new LeasecheckError('LC001', `--graph and --emit-test name the same file, ${String(args.flags.graph)}: the test would overwrite the graph`);
    }
    if (options.maxStates === undefined) options.maxStates = GRAPH_STATE_LIMIT + 1;
    else if (options.maxStates > GRAPH_STATE_MAX) {
      throw new LeasecheckError('LC003', `--graph draws at most ${GRAPH_STATE_MAX.toLocaleString('en-US')} states (the file is built in memory); --max-states ${options.maxStates.toLocaleString('en-US')} is more`);
    }
  }
  return options;
}

const tooManyToDraw = () =>
  new LeasecheckError(
    'LC003',
    `--graph: the state space has more than ${GRAPH_STATE_LIMIT.toLocaleString('en-US')} states, too many to draw; lower the scope, or give --max-states N (at most ${GRAPH_STATE_MAX.toLocaleString('en-US')}) to export the first N states`,
  );

/**
 * An existing file at the --emit-test path must be a test leasecheck wrote (its first line says so):
 * anything else (package.json, a module the spec imports) is the user's, and not overwritten.
 */
function refuseForeignFile(file: string): void {
  let first: string;
  try {
    if (!statSync(file).isFile()) return;
    first = readFileSync(file, 'utf8').slice(0, 200).split('\n')[0];
  } catch {
    return;
  }
  if (!first.startsWith(EMITTED_MARK)) {
    throw new LeasecheckError('LC050', `--emit-test ${file}: that file exists and is not a test leasecheck wrote; leasecheck does not overwrite it (give another path, or remove it first)`);
  }
}

/**
 * --graph, --coverage and --emit-test after a check: writes the files (atomically) and returns the
 * lines to add to the text report and the fields to add to the JSON one. Throws LC003 when --graph
 * meets a state space above the limit without --max-states.
 */
export async function applyReportFlags(args: ParsedArgs, r: CheckSuccess, source: () => SystemSource): Promise<{ text: string[]; json: Record<string, unknown> }> {
  const text: string[] = [];
  const json: Record<string, unknown> = {};
  const quiet = !!args.flags.json || !!args.flags.quiet;
  const graphFile = args.flags.graph !== undefined ? String(args.flags.graph) : undefined;
  if (graphFile !== undefined && args.flags['max-states'] === undefined && r.stats.distinctStates > GRAPH_STATE_LIMIT) throw tooManyToDraw();
  let graphed: Exploration | undefined;
  const withGraph = (): Exploration => {
    // The check's own graph when it is the plain one: one thread, no reduction (a graph over canonical
    // states cannot rebuild its states from their parents, and an incomplete run on workers has no edges
    // for the states it did not expand).
    const ex = r.exploration;
    if (ex.graph && !ex.reducedBy && !ex.por && Number(args.flags.workers ?? 1) <= 1) return ex;
    // Else explore again, plainly, with the same limits and the time the check left, keeping the graph.
    // The limits as checkLimits set them, without checking the output paths again (it probes them by writing).
    const limits = limitsOnly(limitsFrom(args));
    if (graphFile !== undefined && limits.maxStates === undefined) limits.maxStates = GRAPH_STATE_LIMIT + 1;
    if (limits.timeoutMs !== undefined) limits.timeoutMs = Math.max(1, limits.timeoutMs - r.stats.seconds * 1000);
    graphed ??= explore(r.system, { ...limits, recordGraph: true });
    return graphed;
  };
  if (graphFile !== undefined) {
    const ex = withGraph();
    // Under a reduction the check counted orbits: the plain space is judged against the limit here.
    if (args.flags['max-states'] === undefined && ex.distinct > GRAPH_STATE_LIMIT) throw tooManyToDraw();
    // Loaded only when asked for: graphology-gexf alone costs a check's start-up tens of milliseconds.
    const { formatStateGraph, stateGraphOf } = await import('../../report/graphExport.ts');
    const graph = stateGraphOf(r.system, ex);
    writeFilesAtomic(dirname(graphFile), { [basename(graphFile)]: formatStateGraph(graph, graphFormatOf(graphFile)) });
    json.graph = { file: graphFile, nodes: graph.order, edges: graph.size, complete: ex.stopped === null };
    if (!quiet) process.stderr.write(`wrote ${graphFile}: ${graph.order} states, ${graph.size} transitions${ex.stopped ? ` (incomplete: ${ex.stopped})` : ''}\n`);
  }
  if (args.flags.coverage) {
    const { computeCoverage, formatCoverageText } = await import('../../report/coverage.ts');
    const coverage = computeCoverage(r.system, withGraph());
    json.coverage = coverage;
    text.push('', ...formatCoverageText(coverage));
    if (r.exploration.reducedBy || r.exploration.por) text.push('(coverage is of a plain search of the same scope: the check counted orbits or reduced sets, which cover no actual state space)');
  }
  const testFile = args.flags['emit-test'] !== undefined ? String(args.flags['emit-test']) : undefined;
  if (testFile !== undefined) {
    const { emitRegressionTest } = await import('../../report/emitTest.ts');
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

/** How an emitted test imports a spec file's system, as the same variant with the same knob values. */
function specSource(specPath: string, system: System, argv: readonly string[]): SystemSource {
  const rel = relative(process.cwd(), resolve(specPath)) || specPath;
  return {
    imports: [
      { what: '* as spec', from: resolve(specPath) },
      { what: '{ withVariant }', from: INDEX_MODULE },
    ],
    define: [
      '// The spec exports its system as default or as `system` (as `leasecheck check` accepts it).',
      'const exported = spec as Record<string, unknown>;',
      'const found = [exported.default, exported.system, (exported.default as Record<string, unknown> | undefined)?.default].find(isSystem);',
      `if (!found) throw new Error(${JSON.stringify(`${rel} exports no system`)});`,
      `const system = withVariant(found, ${JSON.stringify(system.variant.id.split('+')[0])}, ${JSON.stringify(system.variant.knobs)});`,
    ],
    command: `leasecheck check ${argv.join(' ')}`,
  };
}
