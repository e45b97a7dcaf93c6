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

/** Every `*.itf.json` under `dir` (a compare --out folder), sorted by path; unreadable files are skipped. */
export function listTraces(dir: string): TraceEntry[] {
  const out: TraceEntry[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 4) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name.endsWith('.itf.json') && statSync(p).size <= MAX_ITF_BYTES) {
        try {
          const f = parseItf(readFileSync(p, 'utf8'), p);
          const meta = (f.itf['#meta'] ?? {}) as Record<string, unknown>;
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
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
 * file that is not ITF, LC040 for a design this explorer does not walk, LC002 for another scope, LC030
 * for a trace the design does not produce.
 */
export function openTrace(w: Walker, name: string, text: string): OpenedTrace {
  const file: ItfFile = parseItf(text, name);
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
  const meta = (file.itf['#meta'] ?? {}) as Record<string, unknown>;
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
