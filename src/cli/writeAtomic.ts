import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LeasecheckError, describeThrown } from '../errors.ts';

/**
 * Writes every file of a report, each to a temporary name first and then renamed, and only once all
 * contents are ready: an interrupted run never leaves a half-written report.
 */
export function writeFilesAtomic(dir: string, files: Readonly<Record<string, string>>): string[] {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const temps: [string, string][] = [];
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
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
