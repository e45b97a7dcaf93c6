import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { processAlive } from '../util/processAlive.ts';

/**
 * Writes every file of a report, each to a temporary name first and then renamed, and only once all
 * contents are ready: an interrupted run never leaves a half-written file. Temporary files that killed
 * runs left beside them (`NAME.<pid>.tmp` of a process that is gone) are removed. For a folder of files
 * that must change together, use writeReportSet (reportSet.ts).
 */
export function writeFilesAtomic(dir: string, files: Readonly<Record<string, string>>): string[] {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const temps: [string, string][] = [];
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      removeStaleTemps(path);
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, content);
      temps.push([tmp, path]);
    }
    for (const [tmp, path] of temps) {
      renameSync(tmp, path);
      written.push(path);
    }
  } catch (e) {
    throw new LeasecheckError('LC050', `cannot write ${dir}: ${describeThrown(e)}`);
  }
  return written;
}

/** Removes `path.<pid>.tmp` files whose process is gone (left by a run that was killed). */
function removeStaleTemps(path: string): void {
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.tmp$/.exec(name.slice(prefix.length));
    if (m && !processExists(Number(m[1]))) rmSync(join(dirname(path), name), { force: true });
  }
}

/** A temp file of this process is stale too (a write before this one that failed). */
const processExists = (pid: number) => pid !== process.pid && processAlive(pid);
