import { resolveScope } from '../engine/scope.ts';
import type { System } from '../spec/system.ts';

/**
 * The scope parameters a gate run asks for (`--scope`) at other values than the expectations were
 * recorded at, the spec's defaults filling both in: `k=v` pairs of each side, empty when none differ.
 * A verdict at another scope answers another question, so it is never compared with the file's.
 */
export function scopeChanges(system: System, recorded: Readonly<Record<string, number>>, asked: Readonly<Record<string, number>>): { recorded: string; asked: string } {
  const before = resolveScope(system, recorded);
  const after = resolveScope(system, { ...recorded, ...asked });
  const keys = Object.keys(after).filter((k) => after[k] !== before[k]);
  const text = (s: Record<string, number>) => keys.map((k) => `${k}=${s[k]}`).join(',');
  return { recorded: text(before), asked: text(after) };
}

/** `verdicts.json` -> `verdicts@threads=1.json`: where expectations at another scope may live. */
export function scopedFile(file: string, scope: string): string {
  return /\.json$/i.test(file) ? file.replace(/\.json$/i, `@${scope}.json`) : `${file}@${scope}`;
}
