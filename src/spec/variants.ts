import { LeasecheckError } from '../errors.ts';
import type { ParamValue } from './system.ts';

/** A knob's value: a name (most knobs), a number or a flag. */
export type KnobValue = ParamValue;

/**
 * One rule of the system under debate, with the values it may take (`--set knob=value`), e.g.
 * `{ values: ['none', 'checked'], default: 'none', doc: 'does the storage check fencing tokens?' }`.
 */
export interface KnobDecl {
  values: readonly KnobValue[];
  /** The value a variant that does not set the knob takes. Default: the first value. */
  default?: KnobValue;
  /** What the knob decides and what each value means (shown by `leasecheck list`). */
  doc?: string;
}

export type KnobsDecl = Readonly<Record<string, KnobDecl>>;

/** One value per knob, typed by the declaration (a knob's value is one of its declared values). */
export type KnobValues<K extends KnobsDecl = KnobsDecl> = { readonly [N in keyof K]: K[N]['values'][number] };

/** Knob overrides (`--set`): `knob=value` texts, or a record of some knobs' values, typed by the declaration. */
export type KnobSet<K extends KnobsDecl = KnobsDecl> = readonly string[] | Readonly<Partial<KnobValues<K>>>;

/**
 * A named preset of the knobs: one design of the debate (`zombie-lease`, `fencing-tokens`). Knobs it
 * does not set take their defaults.
 */
export interface VariantDecl<K extends KnobsDecl = KnobsDecl> {
  id: string;
  /** One line saying what the variant is. */
  title?: string;
  /** Where it comes from, e.g. "Author, date: quote". */
  source?: string;
  knobs?: Partial<KnobValues<K>>;
}

/** The id of the one variant of a system that declares none. */
export const DEFAULT_VARIANT = 'default';

/** A variant as resolved: every knob has a value. */
export interface ResolvedVariant {
  id: string;
  title?: string;
  source?: string;
  knobs: Readonly<Record<string, KnobValue>>;
}

/** Checks a spec's knobs and variants (LC013 names what is wrong) and returns every variant resolved. */
export function resolveVariants(system: string, knobs: KnobsDecl, variants: readonly VariantDecl[] | undefined): ResolvedVariant[] {
  const bad = (why: string) => new LeasecheckError('LC013', `system ${system}: ${why}`);
  for (const [name, k] of Object.entries(knobs)) {
    if (!/^[A-Za-z_][\w-]*$/.test(name)) throw bad(`knob name ${JSON.stringify(name)} must be a word (letters, digits, _ and -)`);
    if (!k || !Array.isArray(k.values) || k.values.length === 0) throw bad(`knob ${name} must list its values (values: [...])`);
    for (const v of k.values) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) throw bad(`knob ${name} has a value that is not a string, number or boolean`);
      if (k.values.filter((w) => String(w) === String(v)).length > 1) throw bad(`knob ${name} lists the value ${String(v)} twice`);
    }
    if (k.default !== undefined && !k.values.includes(k.default)) throw bad(`knob ${name}'s default ${String(k.default)} is not one of its values`);
  }
  const defaults = Object.fromEntries(Object.entries(knobs).map(([n, k]) => [n, k.default ?? k.values[0]]));
  if (variants === undefined || variants.length === 0) return [{ id: DEFAULT_VARIANT, knobs: defaults }];
  const seen = new Set<string>();
  return variants.map((v) => {
    if (!v || typeof v.id !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(v.id)) {
      throw bad(`a variant id must be a word (letters, digits, '.', '_' and '-'), got ${JSON.stringify(v?.id)}`);
    }
    if (seen.has(v.id)) throw bad(`two variants are named ${v.id}`);
    seen.add(v.id);
    const set = (v.knobs ?? {}) as Record<string, KnobValue>;
    for (const [n, value] of Object.entries(set)) {
      const k = knobs[n];
      if (!k) throw bad(`variant ${v.id} sets knob ${n}, which is not declared (knobs: ${Object.keys(knobs).join(', ') || 'none'})`);
      if (!k.values.includes(value)) throw bad(`variant ${v.id} sets ${n}=${String(value)}, not one of its values (${k.values.join(', ')})`);
    }
    return { id: v.id, ...(v.title ? { title: v.title } : {}), ...(v.source ? { source: v.source } : {}), knobs: { ...defaults, ...set } };
  });
}

/**
 * Parses one `--set knob=value` against the declared knobs (LC040 names the knobs or values it
 * knows). The value is matched by its text, so `--set retries=3` finds the number 3.
 */
export function parseKnobSetting(knobs: KnobsDecl, text: string): [string, KnobValue] {
  const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(\S+)\s*$/.exec(text);
  if (!m) throw new LeasecheckError('LC003', `--set takes knob=value, got ${JSON.stringify(text)}`);
  const [, name, raw] = m;
  const k = knobs[name];
  const names = Object.keys(knobs);
  if (!k) throw new LeasecheckError('LC040', `unknown knob "${name}" (${names.length ? `knobs: ${names.join(', ')}` : 'this system declares no knobs'})`);
  const value = k.values.find((v) => String(v) === raw);
  if (value === undefined) throw new LeasecheckError('LC040', `knob ${name} has no value "${raw}" (values: ${k.values.join(', ')})`);
  return [name, value];
}
