/** Report sets for the fault-injection tests, and a folder's contents as a map. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SETS: Record<string, Record<string, string>> = {
  A: { 'comparison.md': 'A md', 'comparison.html': 'A html', 'comparison.json': 'A json', 'traces/d1/p1.itf.json': 'A d1/p1', 'traces/d1/p2.itf.json': 'A d1/p2' },
  B: { 'comparison.md': 'B md', 'comparison.html': 'B html', 'comparison.json': 'B json', 'traces/d1/p1.itf.json': 'B d1/p1', 'traces/d2/p3.itf.json': 'B d2/p3' },
  C: { 'comparison.md': 'C md', 'comparison.html': 'C html', 'comparison.json': 'C json' },
};

/** Files that are not the report's: they must survive every swap. */
export const FOREIGN: Record<string, string> = { 'README.txt': 'kept', 'traces/NOTES.txt': 'kept too' };

/** Every file under `dir` (relative path -> content), or null when `dir` does not exist. */
export function contents(dir: string): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

/** The files a folder holding set `name` (and the foreign files) must have, manifest aside. */
export function expected(name: string, foreign = FOREIGN): Record<string, string> {
  return { ...SETS[name], ...foreign };
}

/** `c` without the manifest, for comparing with expected(). */
export function withoutManifest(c: Record<string, string> | null): Record<string, string> | null {
  if (!c) return c;
  const { ['.leasecheck-report.json']: _m, ...rest } = c;
  return rest;
}

/** A folder's contents as text that does not depend on the order files were listed in. */
export function key(c: Record<string, string> | null): string {
  return c === null ? 'null' : JSON.stringify(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1)));
}
