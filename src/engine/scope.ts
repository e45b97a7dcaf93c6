import { LeasecheckError } from '../errors.ts';
import type { Scope, System } from '../spec/system.ts';

/** The full scope: declared defaults overridden by `overrides`. Unknown keys and out-of-range values are LC002. */
export function resolveScope(system: System, overrides: Readonly<Record<string, number>>): Scope {
  const scope: Record<string, number> = {};
  for (const [k, decl] of Object.entries(system.params)) scope[k] = decl.default;
  for (const [k, v] of Object.entries(overrides)) {
    const decl = system.params[k];
    if (!decl) {
      const known = Object.keys(system.params);
      throw new LeasecheckError(
        'LC002',
        `scope key ${k} is not declared by ${system.name} (${known.length ? `it declares ${known.join(', ')}` : 'it declares none'})`,
      );
    }
    if (!Number.isInteger(v)) throw new LeasecheckError('LC002', `scope ${k}=${v} is not an integer`);
    if (decl.min !== undefined && v < decl.min) throw new LeasecheckError('LC002', `scope ${k}=${v} is below its minimum ${decl.min}`);
    if (decl.max !== undefined && v > decl.max) throw new LeasecheckError('LC002', `scope ${k}=${v} is above its maximum ${decl.max}`);
    scope[k] = v;
  }
  return scope;
}

/** Parses `k=v,k2=v2` (the --scope flag). */
export function parseScope(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  // An empty entry (`,`, a trailing comma) or a key given twice is a slip, not a default: refused.
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^([A-Za-z_][\w-]*)=(-?\d+)$/.exec(part);
    if (!m) throw new LeasecheckError('LC002', part === '' ? `scope "${text}" has an empty entry (write k=v,k2=v2)` : `scope entry "${part}" is not key=integer`);
    if (m[1] in out) throw new LeasecheckError('LC002', `scope "${text}" gives ${m[1]} twice`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}
