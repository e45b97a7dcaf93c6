import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LeasecheckError, describeThrown } from '../../errors.ts';
import { parseArgs, type CommandSpec, type ParsedArgs } from '../args.ts';
import { exitCodeFor, limitsFrom } from '../limits.ts';
import { writeFilesAtomic } from '../writeAtomic.ts';
import { junitXML, type JUnitSuite } from '../../report/junit.ts';
import { formatTraceText } from '../../report/traceText.ts';
import { counted } from '../../util/plural.ts';
import { traceWords } from '../../report/checkReport.ts';
import { replayKey } from '../../engine/trace.ts';
import { variantsOf } from '../../spec/define.ts';
import { DEADLOCK_ID } from '../../spec/property.ts';
import type { System } from '../../spec/system.ts';
import type { VariantResult } from '../../report/fromSystem.ts';
import { SCHEMA_VERSION } from '../../report/schema.ts';
import { LIMIT_OPTIONS, VARIANTS_OPTIONS } from '../options.ts';
import { loadTarget, variantsFrom, variantWord, type Target } from '../target.ts';
import { help } from '../help.ts';
import { checkVariants } from './compare.ts';
import { isAbsolute, resolve, relative, sep } from 'node:path';
import { refuseInputAsOutput, validateOutputPath } from '../outputPath.ts';
import { recordCommand, shellWord } from '../gateRerun.ts';
import { scopeChanges, scopedFile } from '../gateScope.ts';

/**
 * Where a spec's agreed verdicts live: the file package.json names for the project's spec
 * (`"leasecheck": { "expectations": ... }`), else beside the spec: `lock.model.ts` -> `lock.expectations.json`.
 */
export function defaultExpectations(target: Target): string {
  if (target.project?.expectations) return relative(process.cwd(), resolve(target.project.root, target.project.expectations)) || target.project.expectations;
  const base = basename(target.specPath).replace(/(\.model)?\.(c|m)?[jt]sx?$/, '');
  return join(dirname(target.specPath), `${base}.expectations.json`);
}

export type ExpectedVerdict = 'holds' | 'violated';

/** The committed file: the scope the verdicts were decided at, and variant -> property -> verdict. */
export interface Expectations {
  comment?: string;
  scope: Record<string, number>;
  verdicts: Record<string, Record<string, ExpectedVerdict>>;
}

/** One cell of the gate: a variant x property, what the file says and what the run found. */
export interface GateCell {
  variant: string;
  property: string;
  /** undefined: the file has no verdict for it (a new property or variant). */
  expected?: ExpectedVerdict;
  /** undefined: the model no longer has this property. */
  got?: 'holds' | 'violated' | 'incomplete';
  /** not-checked: a property --safety-only, --prove or --no-deadlock leaves out (no verdict, no failure). */
  status: 'match' | 'changed' | 'unknown' | 'not-checked';
  message: string;
}

export const GATE_COMMAND: CommandSpec = {
  name: 'gate',
  usage: '[SPEC] [--expectations FILE] [--junit FILE] [--variants a,b] [--set knob=value ...] [--scope ...] [--write-expectations]',
  summary:
    "The CI gate: checks every variant of the spec and compares each verdict with the agreed ones in the expectations file " +
    '(default: the one package.json names for the project\'s spec, else SPEC\'s name with .expectations.json). Exit 1 names each changed verdict; ' +
    '--junit writes JUnit XML; with GITHUB_ACTIONS=true it prints ::error annotations (on stderr under --json). After an intended change, --write-expectations records the current verdicts: review the diff.',
  options: {
    ...VARIANTS_OPTIONS,
    ...LIMIT_OPTIONS,
    expectations: { type: 'path', value: 'FILE', doc: 'the agreed verdicts' },
    junit: { type: 'path', value: 'FILE', doc: 'also write a JUnit XML report to this file' },
    'write-expectations': { type: 'boolean', doc: 'record the current verdicts as the expectations (after an intended change)' },
  },
  maxPositional: 1,
  notes: [
    "the gate runs at the scope the expectations file records; a --scope that changes it is bad input (exit 2), not changed verdicts: verdicts at another scope are recorded in a file of their own (--expectations FILE --scope ... --write-expectations)",
    '--variants compares those variants only; the file\'s verdicts of the others are not checked',
    'exit status: 0 all verdicts match, 1 a verdict changed, 2 bad input, 3 a run was incomplete (and nothing decided changed); under --safety-only or --prove the liveness properties, and under --no-deadlock the deadlock check, are not checked and count for none of these (--write-expectations refuses them)',
  ],
};

/** Check options that leave properties out, and what they leave out: those are not checked, not changed. */
const LEFT_OUT: readonly (readonly [string, string])[] = [
  ['safety-only', 'the liveness properties'],
  ['prove', 'the liveness properties'],
  ['no-deadlock', 'the deadlock check'],
];

/**
 * `leasecheck gate [SPEC] [--expectations FILE] [--junit FILE] [--variants a,b] [--set knob=value ...] [--scope ...]`:
 * checks every variant against the committed expectations. Exit 0 all verdicts match, 1 some verdict
 * changed (each change named on its own line), 2 bad input (LC042: no or malformed expectations file),
 * 3 a run was incomplete (and nothing changed among the decided verdicts).
 *
 * `--write-expectations` records the current verdicts instead (all variants, or merges --variants into the
 * existing file); it refuses --set, since the file is about the variants as they are.
 */
export async function runGate(argv: string[]): Promise<number> {
  const args = parseArgs(argv, GATE_COMMAND);
  if (args.flags.help) return help(GATE_COMMAND);
  const sets = (args.flags.set as string[] | undefined) ?? [];
  const writing = !!args.flags['write-expectations'];
  if (writing && sets.length > 0) throw new LeasecheckError('LC001', '--write-expectations records the variants as they are; drop --set');
  if (writing && args.flags.junit) throw new LeasecheckError('LC001', '--write-expectations compares nothing; drop --junit');
  if (writing && args.flags.json) throw new LeasecheckError('LC001', '--write-expectations compares nothing, so it has no verdicts to print as JSON; drop --json');
  // An expectation is a decided verdict of every property; these leave some out.
  for (const [flag, what] of LEFT_OUT) if (writing && args.flags[flag]) throw new LeasecheckError('LC001', `--write-expectations records every property's verdict, and --${flag} leaves ${what} out; drop --${flag}`);
  const target = await loadTarget('gate', args.positional[0]);
  const file = String(args.flags.expectations ?? defaultExpectations(target));
  const variants = variantsFrom(target.system, args);
  const baseIds = variants.map((v) => v.variant.id.split('+')[0]);
  // Output paths fail now, before the variants are checked (outputPath.ts); none may be what the run reads.
  const spec = { path: target.specPath, what: 'the spec' };
  if (args.flags.junit !== undefined) {
    validateOutputPath(String(args.flags.junit), 'file', '--junit');
    refuseInputAsOutput(String(args.flags.junit), '--junit', [spec, { path: file, what: 'the expectations file' }]);
  }
  if (writing) {
    validateOutputPath(file, 'file', '--expectations');
    refuseInputAsOutput(file, '--expectations', [spec]);
  }
  // Bad input first, before minutes of checking: the file must parse (unless it is about to be written whole).
  const merging = writing && args.flags.variants !== undefined && existsSync(file);
  // Every hint to record verdicts repeats this run's spec, variants and scope (gateRerun.ts).
  const record = recordCommand(GATE_COMMAND, args, file);
  // A design gone from the spec is fixed by rewriting the file whole: merging (--variants) reads it first.
  const recordWhole = recordCommand(GATE_COMMAND, { ...args, flags: { ...args.flags, variants: undefined } }, file);
  const expectations = !writing || merging ? readExpectations(file, target.system, record, recordWhole) : undefined;
  const limits = limitsFrom(args);
  if (expectations) refuseOtherScope(target.system, file, expectations, limits.scope ?? {}, merging, args);
  const scope = { ...(expectations?.scope ?? {}), ...(limits.scope ?? {}) };
  const quiet = !!args.flags.json || !!args.flags.quiet;
  const results = await checkVariants(variants, args, { ...limits, scope });

  if (writing) return writeExpectations(file, expectations, baseIds, results, quiet, target.system, gateOf(target, file));

  const cells = gateCells(expectations!, baseIds, results, file, !!args.flags['no-deadlock']);
  const changed = cells.filter((c) => c.status === 'changed');
  const unknown = cells.filter((c) => c.status === 'unknown');
  const notChecked = cells.filter((c) => c.status === 'not-checked');
  const checkedCount = cells.length - notChecked.length;
  const why = LEFT_OUT.filter(([flag]) => args.flags[flag]).map(([flag, what]) => `--${flag} leaves ${what} out`);
  const leftOut = notChecked.length > 0 ? `; ${notChecked.length} not checked (${why.join('; ')})` : '';
  if (args.flags.junit) {
    const path = String(args.flags.junit);
    writeFilesAtomic(dirname(path), { [basename(path)]: junitXML('leasecheck gate', junitSuites(cells, baseIds, results)) });
  }
  if (process.env.GITHUB_ACTIONS === 'true') {
    // On stderr under --json, whose stdout is one JSON object (the runner reads workflow commands on both).
    const to = args.flags.json ? process.stderr : process.stdout;
    // GitHub attaches an annotation to a file by its path in the repository (the workspace).
    const ws = process.env.GITHUB_WORKSPACE;
    const inWs = ws ? relative(resolve(ws), resolve(file)) : '';
    const at = ws && !inWs.startsWith('..') && !isAbsolute(inWs) ? inWs.split(sep).join('/') : file;
    for (const c of changed) to.write(annotation('error', at, `leasecheck gate: ${c.variant} / ${c.property}`, c.message) + '\n');
    for (const c of unknown) to.write(annotation('warning', at, `leasecheck gate: ${c.variant} / ${c.property}`, c.message) + '\n');
  }
  const scopeText = Object.entries(results[0]?.result.system.scope ?? scope).map(([k, v]) => `${k}=${v}`).join(', ');
  const word = variantWord(target.system);
  if (args.flags.json) {
    process.stdout.write(
      JSON.stringify({
        schema: 'leasecheck/gate',
        schemaVersion: SCHEMA_VERSION,
        spec: target.specPath,
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
      `leasecheck gate: ${counted(variants.length, word)} of ${target.system.name} against ${file} at scope ${scopeText}` +
        (sets.length ? `, with --set ${sets.join(' --set ')} on every ${word}` : ''),
    );
    for (const c of changed) out.push(c.message);
    for (const c of unknown) out.push(c.message);
    if (changed.length > 0) {
      out.push(`FAILED: ${changed.length} of ${checkedCount} verdicts differ from ${file}${leftOut}`);
      // Under --set the change is a what-if, not something to record.
      if (sets.length === 0) out.push(`if the change is intended, record it with: ${record} (and review the diff)`);
    } else if (unknown.length > 0) out.push(`INCOMPLETE: ${unknown.length} of ${checkedCount} verdicts undecided (the rest match ${file})${leftOut}`);
    else out.push(`ok: all ${checkedCount} verdicts match ${file}${leftOut}`);
    process.stdout.write(out.join('\n') + '\n');
  }
  return exitCodeFor(changed.length > 0 ? ['violated'] : unknown.length > 0 ? ['incomplete'] : []);
}

/**
 * Reads and validates an expectations file; anything wrong is one LC042 line. `record` is the command
 * that would record the verdicts the caller meant to compare (gateRerun.ts), for a missing file;
 * `recordWhole` the one that rewrites the file whole, for a file naming a design the spec no longer has.
 */
export function readExpectations(file: string, system: System, record = `leasecheck gate --expectations ${file} --write-expectations`, recordWhole = record): Expectations {
  if (!existsSync(file)) {
    throw new LeasecheckError('LC042', `expectations file ${file} does not exist (record the current verdicts with: ${record})`);
  }
  if (statSync(file).isDirectory()) throw new LeasecheckError('LC042', `expectations file ${file} is a folder; give the file (e.g. ${join(file, 'verdicts.json')})`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LeasecheckError('LC042', `expectations file ${file} is not valid JSON: ${describeThrown(e)}`);
  }
  const bad = (why: string) => new LeasecheckError('LC042', `expectations file ${file}: ${why}`);
  if (!isObject(data)) throw bad('expected an object { "scope": {...}, "verdicts": { variant: { property: "holds" | "violated" } } }');
  const scope = data.scope ?? {};
  if (!isObject(scope)) throw bad('"scope" must be an object of integers');
  for (const [k, v] of Object.entries(scope)) {
    if (!(k in system.params)) throw bad(`"scope" names ${JSON.stringify(k)}, which is no scope parameter of ${system.name} (${Object.keys(system.params).join(', ') || 'it has none'})`);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(`"scope".${k} must be an integer, got ${JSON.stringify(v)}`);
    // Out of the parameter's range is the file's fault, not the command line's: said here, naming the file.
    const { min, max } = system.params[k];
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) throw bad(`"scope".${k} is ${v}, outside ${k}'s range ${min ?? '-∞'}..${max ?? '∞'}`);
  }
  if (!isObject(data.verdicts)) throw bad('"verdicts" must be an object: variant -> property -> "holds" | "violated"');
  const known = variantsOf(system).map((v) => v.id);
  const word = variantWord(system);
  for (const [design, props] of Object.entries(data.verdicts)) {
    if (!known.includes(design)) {
      throw bad(`names ${word} ${JSON.stringify(design)}, which ${system.name} does not have (${word}s: ${known.join(', ')}); if it was renamed or removed, record the current verdicts with: ${recordWhole}`);
    }
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

/**
 * A --scope that moves the run off the scope the file was recorded at is refused before any checking:
 * its verdicts answer another question, and the gate would report them as changed (exit 1).
 */
function refuseOtherScope(system: System, file: string, exp: Expectations, asked: Record<string, number>, merging: boolean, args: ParsedArgs): void {
  const d = scopeChanges(system, exp.scope, asked);
  if (d.asked === '') return;
  if (merging) {
    throw new LeasecheckError('LC042', `expectations file ${file} is at scope ${d.recorded}; merging verdicts from scope ${d.asked} would mix scopes (rewrite it whole: drop --variants, or drop --scope)`);
  }
  const other = recordCommand(GATE_COMMAND, args, scopedFile(file, d.asked));
  throw new LeasecheckError(
    'LC001',
    `gate: ${file} was recorded at scope ${d.recorded}; this run asks for ${d.asked}, whose verdicts are not comparable: drop --scope (the gate runs at the file's scope), or record this scope's verdicts in a file of their own: ${other}`,
  );
}

/** Every variant x property of the run and of the file, compared; in variant order, then property order. */
export function gateCells(exp: Expectations, baseIds: readonly string[], results: readonly VariantResult[], file: string, noDeadlock = false): GateCell[] {
  const cells: GateCell[] = [];
  results.forEach(({ result }, i) => {
    const variant = baseIds[i];
    const want = exp.verdicts[variant] ?? {};
    const seen = new Set<string>();
    for (const p of result.properties) {
      seen.add(p.id);
      cells.push(
        p.notChecked
          ? { variant, property: p.id, ...(want[p.id] !== undefined ? { expected: want[p.id] } : {}), status: 'not-checked', message: `${variant} / ${p.id}: not checked (the run checked safety properties only)` }
          : cellOf(variant, p.id, want[p.id], p.verdict, file),
      );
    }
    for (const [id, v] of Object.entries(want)) {
      if (seen.has(id)) continue;
      // --no-deadlock: the run has no deadlock-free verdict to compare, which is not a change.
      if (noDeadlock && id === DEADLOCK_ID) cells.push({ variant, property: id, expected: v, status: 'not-checked', message: `${variant} / ${id}: not checked (--no-deadlock)` });
      else cells.push(cellOf(variant, id, v, undefined, file));
    }
  });
  return cells;
}

function cellOf(variant: string, property: string, expected: ExpectedVerdict | undefined, got: GateCell['got'], file: string): GateCell {
  const where = `${variant} / ${property}`;
  if (got === 'incomplete') {
    return { variant, property, expected, got, status: 'unknown', message: `${where}: expected ${expected ?? `no verdict (not in ${file})`}, got unknown (the run was incomplete)` };
  }
  if (expected !== undefined && got === expected) return { variant, property, expected, got, status: 'match', message: `${where}: ${got}` };
  return {
    variant,
    property,
    expected,
    got,
    status: 'changed',
    message: `${where}: expected ${expected ?? `no verdict (not in ${file})`}, got ${got ?? 'no such property'}`,
  };
}

/** One suite per variant, one case per property; a changed verdict is a failure, an undecided one skipped. */
function junitSuites(cells: readonly GateCell[], baseIds: readonly string[], results: readonly VariantResult[]): JUnitSuite[] {
  return results.map(({ system, result }, i) => {
    const id = baseIds[i];
    const declared = variantsOf(system).find((v) => v.id === id)?.knobs ?? {};
    const overridden = Object.entries(system.variant.knobs).filter(([k, v]) => declared[k] !== v);
    return {
      name: id,
      seconds: result.stats.seconds,
      properties: {
        ...Object.fromEntries(Object.entries(system.variant.knobs).map(([k, v]) => [`knob.${k}`, String(v)])),
        ...(overridden.length ? { 'what-if': overridden.map(([k, v]) => `${k}=${v}`).join(', ') } : {}),
        distinctStates: String(result.stats.distinctStates),
      },
      cases: cells
        .filter((c) => c.variant === id)
        .map((c) => ({
          classname: id,
          name: c.property,
          ...(c.status === 'changed' ? { failure: { message: c.message, type: 'verdict-changed', details: failureDetails(c, result) } } : {}),
          ...(c.status === 'unknown' || c.status === 'not-checked' ? { skipped: c.message } : {}),
        })),
    };
  });
}

/** The failure's text: the change, and for a new violation its explanation and shortest counterexample. */
function failureDetails(c: GateCell, result: VariantResult['result']): string {
  const p = result.properties.find((x) => x.id === c.property);
  const lines = [c.message];
  if (p && p.verdict === 'violated') {
    for (const e of p.explanation ?? []) lines.push(e);
    if (p.trace) {
      lines.push(`${traceWords('counterexample', p)}, ${counted(p.trace.steps.length - 1, 'step')} (replay key ${replayKey(p.trace) || '(initial state)'}):`);
      lines.push(...formatTraceText(result.system, p.trace));
    }
  }
  return lines.join('\n');
}

/** The gate of this spec and file, as the file's comment names it: the spec and file only when they are not the defaults. */
function gateOf(target: Target, file: string): string {
  return ['leasecheck gate', ...(target.project ? [] : [target.specPath]), ...(file === defaultExpectations(target) ? [] : ['--expectations', file])].map((w, i) => (i ? shellWord(w) : w)).join(' ');
}

function writeExpectations(file: string, old: Expectations | undefined, baseIds: readonly string[], results: readonly VariantResult[], quiet: boolean, system: System, gate: string): number {
  const incomplete = results.filter((r) => r.result.status !== 'complete').map((r) => r.system.variant.id);
  if (incomplete.length > 0) {
    process.stderr.write(`INCOMPLETE: not writing ${file}: the run of ${incomplete.join(', ')} was incomplete, and an expectation must be a decided verdict\n`);
    return 3;
  }
  const scope = { ...results[0].result.system.scope };
  if (old && JSON.stringify(sortKeys(old.scope)) !== JSON.stringify(sortKeys({ ...old.scope, ...scope }))) {
    throw new LeasecheckError('LC042', `expectations file ${file} is at scope ${JSON.stringify(old.scope)}; merging verdicts from scope ${JSON.stringify(scope)} would mix scopes (rewrite it whole: drop --variants)`);
  }
  const verdicts: Expectations['verdicts'] = { ...(old?.verdicts ?? {}) };
  results.forEach(({ result }, i) => {
    verdicts[baseIds[i]] = Object.fromEntries(result.properties.map((p) => [p.id, p.verdict as ExpectedVerdict]));
  });
  // Variants in the spec's order, so that a rewrite gives a readable diff.
  const ordered = Object.fromEntries(variantsOf(system).filter((v) => verdicts[v.id]).map((v) => [v.id, verdicts[v.id]]));
  const data: Expectations = {
    comment:
      `The verdicts the team agreed on, ${variantWord(system)} -> property -> verdict, at this scope. \`${gate}\` fails when a verdict changes. ` +
      `After an intended change, rewrite this file with \`${gate} --write-expectations\` and review the diff.`,
    scope,
    verdicts: ordered,
  };
  const written = writeFilesAtomic(dirname(file), { [basename(file)]: JSON.stringify(data, null, 2) + '\n' });
  if (!quiet) process.stderr.write(`wrote ${written.join(', ')}\n`);
  const n = results.reduce((k, r) => k + r.result.properties.length, 0);
  process.stdout.write(`recorded ${n} verdicts of ${counted(results.length, variantWord(system))} in ${file}\n`);
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
