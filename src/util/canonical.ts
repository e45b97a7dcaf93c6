import { LeasecheckError } from '../errors.ts';

/**
 * A canonical string for plain data: object keys sorted, Map and Set entries sorted, bigint, undefined,
 * NaN and -0 kept distinct. Two values get the same key exactly when they are the same data.
 *
 * Used to intern actor snapshots. It runs once per distinct local step (memo miss), never per global
 * transition, so a string is affordable here.
 *
 * WARNING: throws LC015 for functions, symbols, class instances (other than Map, Set, Date) and cycles:
 * such a context cannot be compared as data, so the checker cannot tell two states apart.
 */
export function canonicalKey(value: unknown, where = 'context'): string {
  const out: string[] = [];
  write(value, out, where, new Set());
  return out.join('');
}

function write(v: unknown, out: string[], path: string, stack: Set<object>): void {
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'number':
      out.push(Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : String(v));
      return;
    case 'boolean':
      out.push(v ? 'T' : 'F');
      return;
    case 'undefined':
      out.push('U');
      return;
    case 'bigint':
      out.push(`${v}n`);
      return;
    case 'function':
    case 'symbol':
      throw new LeasecheckError('LC015', `${path} holds a ${typeof v}; contexts must be plain data`);
  }
  if (v === null) {
    out.push('N');
    return;
  }
  const o = v as object;
  if (stack.has(o)) throw new LeasecheckError('LC015', `${path} contains a cycle; contexts must be plain data`);
  stack.add(o);
  if (Array.isArray(o)) {
    out.push('[');
    o.forEach((x, i) => {
      if (i) out.push(',');
      write(x, out, `${path}[${i}]`, stack);
    });
    out.push(']');
  } else if (o instanceof Map) {
    const entries = [...o.entries()].map(([k, x]) => [canonicalKey(k, `${path} key`), x] as const);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.push('M{');
    entries.forEach(([k, x], i) => {
      if (i) out.push(',');
      out.push(k, ':');
      write(x, out, `${path}.get(${k})`, stack);
    });
    out.push('}');
  } else if (o instanceof Set) {
    const keys = [...o].map((x) => canonicalKey(x, `${path} member`)).sort();
    out.push('S{', keys.join(','), '}');
  } else if (o instanceof Date) {
    out.push(`D${o.getTime()}`);
  } else {
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto?.constructor?.name as string | undefined) ?? 'unknown';
      throw new LeasecheckError('LC015', `${path} holds an instance of ${name}; contexts must be plain data`);
    }
    const keys = Object.keys(o).sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i) out.push(',');
      out.push(JSON.stringify(k), ':');
      write((o as Record<string, unknown>)[k], out, `${path}.${k}`, stack);
    });
    out.push('}');
  }
  stack.delete(o);
}

/**
 * Plain data as JSON-safe values for traces and reports: Map -> object (string keys) or array of pairs,
 * Set -> sorted array, bigint -> {"#bigint": "..."} (the ITF convention), undefined -> null.
 */
export function toPlain(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return { '#bigint': v.toString() };
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const allStrings = [...v.keys()].every((k) => typeof k === 'string');
    if (allStrings) return Object.fromEntries([...v.entries()].sort(byKey).map(([k, x]) => [k, toPlain(x)]));
    return [...v.entries()].map(([k, x]) => [toPlain(k), toPlain(x)]);
  }
  if (v instanceof Set) return [...v].map(toPlain).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (v instanceof Date) return v.toISOString();
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) o[k] = toPlain((v as Record<string, unknown>)[k]);
  return o;
}

function byKey(a: [unknown, unknown], b: [unknown, unknown]): number {
  return String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;
}
