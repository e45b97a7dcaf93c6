import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { LeasecheckError, describeThrown } from '../../../src/errors.ts';
import { LIMIT_FLAGS, parseArgs, type ParsedArgs } from '../../../src/cli/args.ts';
import { exitCodeFor, limitsFrom } from '../../../src/cli/limits.ts';
import { interruptSignal } from '../../../src/cli/interrupt.ts';
import { progressLine } from '../../../src/cli/progress.ts';
import { writeFilesAtomic } from '../../../src/cli/writeAtomic.ts';
import { junitXML, type JUnitSuite } from '../../../src/report/junit.ts';
import { validateOutputPath } from '../../../src/cli/outputPath.ts';
import { formatTraceText } from '../../../src/report/traceText.ts';
import { replayKey } from '../../../src/engine/trace.ts';
import { DESIGNS } from '../../designs/designs.ts';
import { DESIGN_FLAGS, designsFrom } from './designFlags.ts';
import { compareDesigns, type DesignResult } from '../compare.ts';
import { DAX_PARAMS } from '../system.ts';

/** Where the agreed verdicts live, relative to the working directory (the repo root in CI). */
export const DEFAULT_EXPECTATIONS = 'expectations/verdicts.json';

export type ExpectedVerdict = 'holds' | 'violated';

/** The committed file: the scope the verdicts were decided at, and design -> property -> verdict. */
export interface Expectations {
  comment?: string;
  scope: Record<string, number>;
  verdicts: Record<string, Record<string, ExpectedVerdict>>;
}

/** One cell of the gate: a design x property, what the file says and what the run found. */
export interface GateCell {
  design: string;
  property: string;
  /** undefined: the file has no verdict for it (a new property or design). */
  expected?: ExpectedVerdict;
  /** undefined: the model no longer has this property. */
  got?: 'holds' | 'violated' | 'incomplete';
  status: 'match' | 'changed' | 'unknown';
  message: string;
}

const GATE_FLAGS = {
  ...LIMIT_FLAGS,
  designs: DESIGN_FLAGS.designs,
  set: DESIGN_FLAGS.set,
  expectations: { type: 'string', doc: `the agreed verdicts (default ${DEFAULT_EXPECTATIONS})` },
  junit: { type: 'string', doc: 'also write a JUnit XML report to this file' },
  'write-expectations': { type: 'boolean', doc: 'record the current verdicts as the expectations (after an intended change)' },
} as const;

/**
 * `leasecheck gate [--expectations FILE] [--junit FILE] [--designs a,b] [--set knob=value ...] [--scope ...]`:
 * checks every design against the committed expectations. Exit 0 all verdicts match, 1 some verdict
 * changed (each change named on its own line), 2 bad input (LC042: no or malformed expectations file),
 * 3 a run was incomplete (and nothing changed among the decided verdicts).
 *
 * `--write-expectations` records the current verdicts instead (all designs, or merges --designs into the
 * existing file); it refuses --set, since the file is about the designs as they are.
 */
export async function runGate(argv: string[]): Promise<number> {
  const args = parseArgs(argv, GATE_FLAGS, 'gate');
  if (args.positional.length > 0) throw new LeasecheckError('LC001', `gate takes no positional arguments (got "${args.positional[0]}")`);
  const file = String(args.flags.expectations ?? DEFAULT_EXPECTATIONS);
  const sets = (args.flags.set as string[] | undefined) ?? [];
  const writing = !!args.flags['write-expectations'];
  if (writing && sets.length > 0) throw new LeasecheckError('LC001', '--write-expectations records the designs as they are; drop --set');
  if (writing && args.flags.junit) throw new LeasecheckError('LC001', '--write-expectations compares nothing; drop --junit');
  if (args.flags.junit !== undefined) validateOutputPath(String(args.flags.junit), 'file', '--junit');
  if (writing) validateOutputPath(file, 'file', '--expectations');

  const designs = designsFrom(args);
  const baseIds = designsFrom({ ...args, flags: { ...args.flags, set: [] } } as ParsedArgs).map((d) => d.id);
  // Bad input first, before minutes of checking: the file must parse (unless it is about to be written whole).
  const merging = writing && args.flags.designs !== undefined && existsSync(file);
  const expectations = !writing || merging ? readExpectations(file) : undefined;
  const limits = limitsFrom(args);
  const scope = { ...(expectations?.scope ?? {}), ...(limits.scope ?? {}) };
  const options = { ...limits, scope, signal: interruptSignal() };

  const quiet = !!args.flags.json || !!args.flags.quiet;
  let progress = progressLine(false);
  const results = await compareDesigns(designs, options, (d, i) => {
    progress.done();
    progress = progressLine(!quiet, `[${i + 1}/${designs.length}] ${d.id}: `);
    if (!quiet && !process.stderr.isTTY) process.stderr.write(`checking ${d.id} (${i + 1}/${designs.length})\n`);
    options.onProgress = progress.onProgress;
  }).finally(() => progress.done());

  if (writing) return writeExpectations(file, expectations, baseIds, results, quiet);

  const cells = gateCells(expectations!, baseIds, results, file);
  const changed = cells.filter((c) => c.status === 'changed');
  const unknown = cells.filter((c) => c.status === 'unknown');
  if (args.flags.junit) {
    const path = String(args.flags.junit);
    writeFilesAtomic(dirname(path), { [basename(path)]: junitXML('leasecheck gate', junitSuites(cells, baseIds, results)) });
  }
  if (process.env.GITHUB_ACTIONS === 'true') {
    for (const c of changed) process.stdout.write(annotation('error', file, `leasecheck gate: ${c.design} / ${c.property}`, c.message) + '\n');
    for (const c of unknown) process.stdout.write(annotation('warning', file, `leasecheck gate: ${c.design} / ${c.property}`, c.message) + '\n');
  }
  const scopeText = Object.entries(results[0]?.result.system.scope ?? scope).map(([k, v]) => `${k}=${v}`).join(', ');
  if (args.flags.json) {
    process.stdout.write(
      JSON.stringify({
        expectations: file,
        scope: results[0] ? { ...results[0].result.system.scope } : scope,
        set: sets,
        status: changed.length > 0 ? 'changed' : unknown.length > 0 ? 'incomplete' : 'ok',
        cells,
      }) + '\n',
    );
  } else {
    const out: string[] = [];
    out.push(
      `leasecheck gate: ${designs.length} design${designs.length === 1 ? '' : 's'} against ${file} at scope ${scopeText}` +
        (sets.length ? `, with --set ${sets.join(' --set ')} on every design` : ''),
    );
    for (const c of changed) out.push(c.message);
    for (const c of unknown) out.push(c.message);
    if (changed.length > 0) out.push(`FAILED: ${changed.length} of ${cells.length} verdicts differ from ${file}`);
    else if (unknown.length > 0) out.push(`INCOMPLETE: ${unknown.length} of ${cells.length} verdicts undecided (the rest match ${file})`);
    else out.push(`ok: all ${cells.length} verdicts match ${file}`);
    process.stdout.write(out.join('\n') + '\n');
  }
  return exitCodeFor(changed.length > 0 ? ['violated'] : unknown.length > 0 ? ['incomplete'] : []);
}

/** Reads and validates an expectations file; anything wrong is one LC042 line. */
export function readExpectations(file: string): Expectations {
  if (!existsSync(file)) {
    throw new LeasecheckError('LC042', `expectations file ${file} does not exist (record the current verdicts with: leasecheck gate --write-expectations --expectations ${file})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LeasecheckError('LC042', `expectations file ${file} is not valid JSON: ${describeThrown(e)}`);
  }
  const bad = (why: string) => new LeasecheckError('LC042', `expectations file ${file}: ${why}`);
  if (!isObject(data)) throw bad('expected an object { "scope": {...}, "verdicts": { design: { property: "holds" | "violated" } } }');
  const scope = data.scope ?? {};
  if (!isObject(scope)) throw bad('"scope" must be an object of integers');
  for (const [k, v] of Object.entries(scope)) {
    if (!(k in DAX_PARAMS)) throw bad(`"scope" names ${JSON.stringify(k)}, which is no scope parameter (${Object.keys(DAX_PARAMS).join(', ')})`);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(`"scope".${k} must be an integer, got ${JSON.stringify(v)}`);
  }
  if (!isObject(data.verdicts)) throw bad('"verdicts" must be an object: design -> property -> "holds" | "violated"');
  const known = DESIGNS.map((d) => d.id);
  for (const [design, props] of Object.entries(data.verdicts)) {
    if (!known.includes(design)) throw bad(`names design ${JSON.stringify(design)}, which the model does not have (designs: ${known.join(', ')})`);
    if (!isObject(props)) throw bad(`"verdicts".${JSON.stringify(design)} must be an object: property -> "holds" | "violated"`);
    for (const [p, v] of Object.entries(props)) {
      if (v !== 'holds' && v !== 'violated') throw bad(`${design} / ${p}: the verdict must be "holds" or "violated", got ${JSON.stringify(v)}`);
    }
  }
  return {
    ...(typeof data.comment === 'string' ? { comment: data.comment } : {}),
    scope: scope as Record<string, number>,
    verdicts: data.verdicts as Expectations['verdicts'],
  };
}

/** Every design x property of the run and of the file, compared; in design order, then property order. */
export function gateCells(exp: Expectations, baseIds: readonly string[], results: readonly DesignResult[], file: string): GateCell[] {
  const cells: GateCell[] = [];
  results.forEach(({ result }, i) => {
    const design = baseIds[i];
    const want = exp.verdicts[design] ?? {};
    const seen = new Set<string>();
    for (const p of result.properties) {
      seen.add(p.id);
      cells.push(cellOf(design, p.id, want[p.id], p.verdict, file));
    }
    for (const [id, v] of Object.entries(want)) if (!seen.has(id)) cells.push(cellOf(design, id, v, undefined, file));
  });
  return cells;
}

function cellOf(design: string, property: string, expected: ExpectedVerdict | undefined, got: GateCell['got'], file: string): GateCell {
  const where = `${design} / ${property}`;
  if (got === 'incomplete') {
    return { design, property, expected, got, status: 'unknown', message: `${where}: expected ${expected ?? `no verdict (not in ${file})`}, got unknown (the run was incomplete)` };
  }
  if (expected !== undefined && got === expected) return { design, property, expected, got, status: 'match', message: `${where}: ${got}` };
  return {
    design,
    property,
    expected,
    got,
    status: 'changed',
    message: `${where}: expected ${expected ?? `no verdict (not in ${file})`}, got ${got ?? 'no such property'}`,
  };
}

/** One suite per design, one case per property; a changed verdict is a failure, an undecided one skipped. */
function junitSuites(cells: readonly GateCell[], baseIds: readonly string[], results: readonly DesignResult[]): JUnitSuite[] {
  return results.map(({ design, result }, i) => {
    const id = baseIds[i];
    const overridden = Object.entries(design.knobs).filter(([k, v]) => (DESIGNS.find((d) => d.id === id)?.knobs as Record<string, string> | undefined)?.[k] !== v);
    return {
      name: id,
      seconds: result.stats.seconds,
      properties: {
        ...Object.fromEntries(Object.entries(design.knobs).map(([k, v]) => [`knob.${k}`, String(v)])),
        ...(overridden.length ? { 'what-if': overridden.map(([k, v]) => `${k}=${v}`).join(', ') } : {}),
        distinctStates: String(result.stats.distinctStates),
      },
      cases: cells
        .filter((c) => c.design === id)
        .map((c) => ({
          classname: id,
          name: c.property,
          ...(c.status === 'changed' ? { failure: { message: c.message, type: 'verdict-changed', details: failureDetails(c, result) } } : {}),
          ...(c.status === 'unknown' ? { skipped: c.message } : {}),
        })),
    };
  });
}

/** The failure's text: the change, and for a new violation its explanation and shortest counterexample. */
function failureDetails(c: GateCell, result: DesignResult['result']): string {
  const p = result.properties.find((x) => x.id === c.property);
  const lines = [c.message];
  if (p && p.verdict === 'violated') {
    for (const e of p.explanation ?? []) lines.push(e);
    if (p.trace) {
      lines.push(`shortest counterexample, ${p.trace.steps.length - 1} steps (replay key ${replayKey(p.trace) || '(initial state)'}):`);
      lines.push(...formatTraceText(result.system, p.trace));
    }
  }
  return lines.join('\n');
}

function writeExpectations(file: string, old: Expectations | undefined, baseIds: readonly string[], results: readonly DesignResult[], quiet: boolean): number {
  const incomplete = results.filter((r) => r.result.status !== 'complete').map((r) => r.design.id);
  if (incomplete.length > 0) {
    process.stderr.write(`not writing ${file}: the run of ${incomplete.join(', ')} was incomplete, and an expectation must be a decided verdict\n`);
    return 3;
  }
  const scope = { ...results[0].result.system.scope };
  if (old && JSON.stringify(sortKeys(old.scope)) !== JSON.stringify(sortKeys({ ...old.scope, ...scope }))) {
    throw new LeasecheckError('LC042', `expectations file ${file} is at scope ${JSON.stringify(old.scope)}; merging verdicts from scope ${JSON.stringify(scope)} would mix scopes (rewrite it whole: drop --designs)`);
  }
  const verdicts: Expectations['verdicts'] = { ...(old?.verdicts ?? {}) };
  results.forEach(({ result }, i) => {
    verdicts[baseIds[i]] = Object.fromEntries(result.properties.map((p) => [p.id, p.verdict as ExpectedVerdict]));
  });
  // Designs in the model's order, so that a rewrite gives a readable diff.
  const ordered = Object.fromEntries(DESIGNS.filter((d) => verdicts[d.id]).map((d) => [d.id, verdicts[d.id]]));
  const data: Expectations = {
    comment:
      'The verdicts the team agreed on, design -> property -> verdict, at this scope. `leasecheck gate` (run by .ci/run) fails when a verdict changes. ' +
      'After an intended change, rewrite this file with `leasecheck gate --write-expectations` and review the diff.',
    scope,
    verdicts: ordered,
  };
  const written = writeFilesAtomic(dirname(file), { [basename(file)]: JSON.stringify(data, null, 2) + '\n' });
  if (!quiet) process.stderr.write(`wrote ${written.join(', ')}\n`);
  const n = results.reduce((k, r) => k + r.result.properties.length, 0);
  process.stdout.write(`recorded ${n} verdicts of ${results.length} design${results.length === 1 ? '' : 's'} in ${file}\n`);
  return 0;
}

/** A GitHub Actions workflow command, `::error file=F,title=T::message`, with its escaping rules. */
export function annotation(level: 'error' | 'warning' | 'notice', file: string, title: string, message: string): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${level} file=${prop(file)},title=${prop(title)}::${data(message)}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function sortKeys(o: Record<string, number>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
