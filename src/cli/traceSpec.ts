import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LeasecheckError } from '../errors.ts';
import { oneLineText } from '../util/controls.ts';
import { readItf } from '../scenario/replayItf.ts';
import { loadTarget, projectConfig, type Target } from './target.ts';

/**
 * The spec an ITF trace is replayed against when the command line names none: the one the trace
 * records (`#meta.spec`, relative to the trace file, as compare --out writes it), else, when that file
 * is not there (the trace was copied elsewhere) or the trace records none, the one package.json names.
 * When neither exists, one LC010 line names both paths tried and how to name the spec.
 */
export async function traceTarget(trace: string): Promise<Target> {
  const file = readItf(trace);
  const recorded = file.spec !== undefined ? join(dirname(trace), file.spec) : undefined;
  if (recorded !== undefined && existsSync(recorded)) return loadTarget('replay', recorded);
  const project = projectConfig();
  const named = project?.spec !== undefined ? relative(process.cwd(), resolve(project.root, project.spec)) || project.spec : undefined;
  const tried = [
    ...(recorded !== undefined ? [`the spec the trace records (${file.spec} from its folder: ${recorded})`] : []),
    ...(named !== undefined ? [`the spec package.json names (${named})`] : []),
  ];
  const how = `name the spec: leasecheck replay SPEC ${trace}`;
  if (named === undefined || !existsSync(named)) {
    if (tried.length === 0) throw new LeasecheckError('LC001', `replay: ${trace} records no spec and package.json names none: ${how}`);
    throw new LeasecheckError('LC010', `replay: no spec for ${trace}: ${tried.join(' and ')} ${tried.length > 1 ? 'do' : 'does'} not exist; ${how}`);
  }
  const target = await loadTarget('replay', undefined);
  // The stand-in must be the system the trace was written for, or replaying it means nothing.
  const source = file.itf['#meta']?.source;
  if (recorded !== undefined && typeof source === 'string' && source !== target.system.name) {
    throw new LeasecheckError('LC010', `replay: no spec for ${trace}: ${tried[0]} does not exist, and ${tried[1]} is ${target.system.name}, not ${source} the trace was written for; ${how}`);
  }
  if (recorded !== undefined) process.stderr.write(`note: ${oneLineText(`${recorded}, the spec ${trace} records, does not exist; replaying it against ${named} (package.json's spec)`)}\n`);
  return target;
}
