import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { replayTrace } from '../engine/replay.ts';
import { traceOf } from '../engine/trace.ts';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { traceToItf, type ItfTrace } from '../report/itf.ts';
import { parseItf, replayItf, type ItfFile } from '../scenario/replayItf.ts';
import { stepOf, type StepRef } from './steps.ts';
import type { Walker } from './walk.ts';

/** Largest ITF file the explorer opens. */
export const MAX_ITF_BYTES = 16 << 20;

/** An ITF file of a report folder, as GET /api/traces lists it. */
export interface TraceEntry {
  /** Path relative to the report folder, e.g. `traces/zombie-lease/no-lease-less-pin-strict.itf.json`. */
  path: string;
  variant?: string;
  property?: string;
  /** `counterexample` or `witness`, as the file says. */
  trace?: string;
  steps: number;
}

/** The ITF traces of a report folder written for one spec, and what was left out. */
export interface TraceListing {
  traces: TraceEntry[];
  /** Traces written for another spec (`#meta.source` is another system's name, or absent): not listed. */
  otherSpecs: number;
  /** Their `#meta.source`s (`unknown` when absent), sorted. */
  otherSources: string[];
}

/**
 * Every `*.itf.json` under `dir` (a compare --out folder) written for system `system` (its `#meta.source`),
 * sorted by path; unreadable files are skipped. The default folder, reports/, is the project's own: a
 * spec explored from elsewhere would list traces it cannot open, so other specs' traces are left out
 * (and counted), whatever the folder.
 */
export function listTraces(dir: string, system: string): TraceListing {
  const out: TraceEntry[] = [];
  const others = new Map<string, number>();
  const walk = (d: string, depth: number) => {
    if (depth > 4) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name.endsWith('.itf.json') && statSync(p).size <= MAX_ITF_BYTES) {
        try {
          const f = parseItf(readFileSync(p, 'utf8'), p);
          const meta = (f.itf['#meta'] ?? {}) as Record<string, unknown>;
          if (meta.source !== system) {
            const src = typeof meta.source === 'string' ? meta.source : 'unknown';
            others.set(src, (others.get(src) ?? 0) + 1);
            continue;
          }
          out.push({
            path: relative(dir, p).split(sep).join('/'),
            ...(f.variant ? { variant: f.variant } : {}),
            ...(f.property ? { property: f.property } : {}),
            ...(typeof meta.trace === 'string' ? { trace: meta.trace } : {}),
            steps: f.itf.states.length - 1,
          });
        } catch {
          // Not an ITF trace: not listed (opening it by path says why).
        }
      }
    }
  };
  if (existsSync(dir)) walk(dir, 0);
  return {
    traces: out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    otherSpecs: [...others.values()].reduce((x, y) => x + y, 0),
    otherSources: [...others.keys()].sort(),
  };
}

/** Why a listing is empty or short, in a line (undefined when it holds every trace there is). */
export function listingNote(dir: string | undefined, system: string, l: TraceListing | undefined): string | undefined {
  if (dir === undefined || l === undefined) return 'no report folder: start the explorer with --reports DIR (a compare --out folder of this spec)';
  const left = l.otherSpecs === 0 ? '' : `${l.otherSpecs === 1 ? '1 trace' : `${l.otherSpecs} traces`} of another spec (${l.otherSources.join(', ')}) left out`;
  if (l.traces.length > 0) return left || undefined;
  return `no trace of ${system} in ${dir}/${left ? ` (${left})` : ''}; pass --reports DIR with a compare --out folder of this spec`;
}

/** A file of the report folder by its relative path; LC043 for a path that leaves the folder. */
export function readReportFile(dir: string | undefined, rel: unknown): { name: string; text: string } {
  if (dir === undefined) throw new LeasecheckError('LC043', 'the explorer serves no report folder (start it with --reports DIR)');
  if (typeof rel !== 'string' || rel === '') throw new LeasecheckError('LC043', '"path" must name an ITF file of the report folder');
  const root = resolve(dir);
  const abs = resolve(root, rel);
  if (abs !== root && !abs.startsWith(root + sep)) throw new LeasecheckError('LC043', `${JSON.stringify(rel)} is outside the report folder`);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new LeasecheckError('LC043', `no file ${JSON.stringify(rel)} in the report folder`);
  if (statSync(abs).size > MAX_ITF_BYTES) throw new LeasecheckError('LC043', `${rel} is larger than ${MAX_ITF_BYTES >> 20} MiB`);
  return { name: rel, text: readFileSync(abs, 'utf8') };
}

/** An ITF trace opened in the explorer: the walk it is, under the design it names. */
export interface OpenedTrace {
  steps: StepRef[];
  design: string;
  property?: string;
  trace?: string;
}

/**
 * Maps an ITF trace (a compare run's counterexample or witness, or one the explorer exported) onto the
 * design it names, replays it on real XState actors (replayItf), and returns it as a walk. LC041 for a
 * file that is not ITF, LC040 for another spec's trace or a design this explorer does not walk, LC002
 * for another scope, LC030 for a trace the design does not produce.
 */
export function openTrace(w: Walker, name: string, text: string): OpenedTrace {
  const file: ItfFile = parseItf(text, name);
  const meta = (file.itf['#meta'] ?? {}) as Record<string, unknown>;
  const system = w.designs[0].system.name;
  // A trace of another spec fails below with advice that cannot work (add a design it does not have).
  if (typeof meta.source === 'string' && meta.source !== system) {
    throw new LeasecheckError('LC040', `${name} is a trace of spec ${meta.source}${file.spec ? ` (${file.spec})` : ''}, not of ${system}, which this explorer walks; explore that spec to open it`);
  }
  const id = file.variant;
  const d = id !== undefined ? w.designs.find((x) => x.system.variant.id === id) : w.designs[0];
  if (!d) {
    const word = w.designs[0].system.present.variantWord ?? 'variant';
    throw new LeasecheckError('LC040', `${name} is a trace of ${word} ${id}, which this explorer does not walk (${w.designs.map((x) => x.system.variant.id).join(', ')}); start it with that ${word} among --variants`);
  }
  const scopeText = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(', ');
  const scope = { ...w.scope };
  for (const [k, v] of Object.entries(file.scope)) {
    if (scope[k] !== v) throw new LeasecheckError('LC002', `${name} was found at scope ${scopeText(file.scope)}; this explorer walks ${scopeText(scope)} (start it with --scope ${scopeText(file.scope)})`);
  }
  const { cs, path } = replayItf(d.system, { ...file, scope });
  return {
    steps: path.map((id) => stepOf(cs.instances[id])),
    design: d.system.variant.id,
    ...(file.property ? { property: file.property } : {}),
    ...(typeof meta.trace === 'string' ? { trace: meta.trace } : {}),
  };
}

/** The walk in design `id` as an ITF trace (`leasecheck replay` replays it); its impossible steps are left out and listed in #meta. */
export function walkItf(w: Walker, id: string, steps: readonly StepRef[]): ItfTrace {
  const d = w.design(id);
  const run = w.run(d, steps);
  const trace = traceOf(d.cs, run.path);
  try {
    replayTrace(d.cs, trace);
  } catch (e) {
    throw e instanceof LeasecheckError ? e : new LeasecheckError('LC030', describeThrown(e));
  }
  const impossible = run.outcomes.flatMap((o, i) => (o.instance === undefined ? [{ step: i + 1, why: o.detail }] : []));
  return traceToItf(d.cs, trace, {
    variant: d.system.variant.id,
    knobs: { ...d.system.variant.knobs },
    trace: 'explorer walk',
    ...(impossible.length ? { impossibleSteps: impossible } : {}),
  });
}
