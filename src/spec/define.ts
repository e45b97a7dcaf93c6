import { LeasecheckError, describeCause } from '../errors.ts';
import { always, eventually, forAll, leadsTo, possibly, sometimes } from './property.ts';
import { SYSTEM_BRAND, joint, type ActorMap, type ParamsDecl, type BuildKit, type Scope, type System, type SystemModel, type TypedSpec, type UntypedSpec } from './system.ts';
import { DEFAULT_VARIANT, parseKnobSetting, resolveVariants, type KnobsDecl, type KnobSet, type KnobValue, type ResolvedVariant } from './variants.ts';

/**
 * Declares a system: what a spec module exports (as default, or as `system`).
 *
 * Two forms. Typed: `actors({ scope, knobs })` returns the actors, and `build({ scope, knobs, actors,
 * joint, always, ... })` the actions and properties; the helpers it receives type every predicate's
 * state by the actors' machines (`s.lock.context.holder`) and every step's event by its machine's
 * events, so a misspelt actor, field or event is a compile error. Untyped: `build(scope, knobs)`
 * returns the whole model (`{ actors, actions, properties }`), and predicates see GlobalState.
 *
 * The result is the spec's first variant (or its only one, `default`); withVariant() gives the others.
 */
export function defineSystem<A extends ActorMap, const K extends KnobsDecl = Record<never, never>, const P extends ParamsDecl = Record<never, never>>(spec: TypedSpec<A, K, P>): System<K, P>;
export function defineSystem<const K extends KnobsDecl = Record<never, never>, const P extends ParamsDecl = Record<never, never>>(spec: UntypedSpec<K, P>): System<K, P>;
export function defineSystem(spec: UntypedSpec | TypedSpec<ActorMap>): System {
  if (!spec || typeof spec !== 'object') throw new LeasecheckError('LC013', 'defineSystem() takes { name, build, ... }');
  if (typeof spec.name !== 'string' || spec.name === '') throw new LeasecheckError('LC013', 'defineSystem(): the system needs a name');
  if (typeof spec.build !== 'function') throw new LeasecheckError('LC013', `system ${spec.name}: build must be a function`);
  if ((spec as { actors?: unknown }).actors !== undefined && typeof spec.actors !== 'function') throw new LeasecheckError('LC013', `system ${spec.name}: actors must be a function ({ scope, knobs }) => ({ ... })`);
  validateParams(spec.name, spec.params);
  const variants = resolveVariants(spec.name, spec.knobs ?? {}, spec.variants);
  return systemOf(spec, variants[0]);
}

/**
 * Every scope parameter needs an integer default within its range: the checker runs at the defaults
 * when no --scope is given, and a missing one reached build() as undefined (zero participants, and a
 * wrong "holds"). The type says so; a JavaScript spec, or a cast, has no compiler to tell it.
 */
function validateParams(name: string, params: unknown): void {
  if (params === undefined) return;
  const bad = (why: string) => new LeasecheckError('LC013', `system ${name}: ${why}`);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw bad('params must be an object { name: { default, min?, max?, description? } }');
  for (const [k, d] of Object.entries(params as Record<string, unknown>)) {
    if (typeof d !== 'object' || d === null) throw bad(`scope parameter ${k} must be { default, min?, max?, description? }`);
    const { default: def, min, max } = d as Partial<Record<'default' | 'min' | 'max', unknown>>;
    if (!Number.isInteger(def)) throw bad(`scope parameter ${k} needs an integer default (got ${def === undefined ? 'none' : JSON.stringify(def)})`);
    for (const [which, v] of [['min', min], ['max', max]] as const) {
      // An open end may be written as Infinity (resolveScope takes any number there).
      if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) throw bad(`scope parameter ${k}: ${which} must be a number (got ${typeof v === 'number' ? String(v) : JSON.stringify(v)})`);
    }
    if ((min !== undefined && (def as number) < (min as number)) || (max !== undefined && (def as number) > (max as number))) {
      throw bad(`scope parameter ${k}: its default ${def} is outside its range ${min ?? '-∞'}..${max ?? '∞'}`);
    }
  }
}

const KIT: BuildKit<ActorMap> = { joint, always, sometimes, leadsTo, eventually, possibly, forAll } as unknown as BuildKit<ActorMap>;

function systemOf(spec: UntypedSpec | TypedSpec<ActorMap>, v: ResolvedVariant): System {
  const knobs = v.knobs;
  const build = (scope: Scope): SystemModel => {
    if (spec.actors === undefined) return calling(spec, 'build', () => (spec as UntypedSpec).build(scope, knobs as never));
    const typed = spec as TypedSpec<ActorMap>;
    const actors = calling(spec, 'actors', () => typed.actors({ scope, knobs: knobs as never }));
    const rest = calling(spec, 'build', () => typed.build({ scope, knobs: knobs as never, actors, ...KIT }));
    return { ...(rest as unknown as Omit<SystemModel, 'actors'>), actors };
  };
  return {
    [SYSTEM_BRAND]: true,
    name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.origin ? { origin: { ...spec.origin, knobs } } : {}),
    params: spec.params ?? {},
    knobs: spec.knobs ?? {},
    variants: spec.variants ?? [],
    variant: v,
    present: spec.present ?? {},
    build,
    spec,
  };
}

/**
 * Runs the spec's `fn` (build or actors); what it throws becomes LC013 with the whole cause and, when
 * the system knows its module (the CLI sets origin), where in the spec it was thrown, as a load error
 * (LC011) says. Its own LeasecheckErrors (a malformed joint action) keep their code and message.
 */
function calling<T>(spec: UntypedSpec | TypedSpec<ActorMap>, fn: 'build' | 'actors', call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof LeasecheckError) throw e;
    throw new LeasecheckError('LC013', `${fn}() of system ${spec.name} threw: ${describeCause(e, spec.origin?.module)}`);
  }
}

/** Every variant of a system, resolved (a system without variants has one, `default`). */
export function variantsOf(system: System): ResolvedVariant[] {
  return resolveVariants(system.name, system.knobs, system.variants);
}

/**
 * The system as variant `id` (LC040 names the variants when there is none such), with `set`
 * (`knob=value` texts or a record) applied on top; an override is part of the id
 * (`blocking-close+blockingCloseWait=killable`), so reports never show a changed variant under its name.
 */
export function withVariant<K extends KnobsDecl, P extends ParamsDecl>(system: System<K, P>, id: string, set?: KnobSet<K>): System<K, P>;
export function withVariant(system: System, id: string, set: KnobSet = []): System {
  const all = variantsOf(system);
  const v = all.find((x) => x.id === id);
  if (!v) {
    const word = system.present.variantWord ?? 'variant';
    throw new LeasecheckError('LC040', `unknown ${word} "${id}" (${word}s of ${system.name}: ${all.map((x) => x.id).join(', ')})`);
  }
  return applySet(system, v, set);
}

/** The system with its knobs set to `values` (as a worker rebuilds a variant from its origin). */
export function withKnobs(system: System, values: Readonly<Record<string, KnobValue>>): System {
  const same = variantsOf(system).find((v) => Object.entries(v.knobs).every(([k, x]) => values[k] === x) && Object.keys(values).every((k) => k in v.knobs));
  if (same) return systemOf(system.spec, same);
  return applySet(system, system.variant, values);
}

/** The system with `set` (`knob=value` texts or a record) applied on top of its own variant. */
export function withSet<K extends KnobsDecl, P extends ParamsDecl>(system: System<K, P>, set: KnobSet<K>): System<K, P>;
export function withSet(system: System, set: KnobSet): System {
  return applySet(system, system.variant, set);
}

/** The system with workers' origin set (the CLI sets it for a spec file it loads); the variant is kept. */
export function withOrigin(system: System, origin: { module: string; export?: string; args?: unknown[] }): System {
  return systemOf({ ...system.spec, origin }, system.variant);
}

function applySet(system: System, v: ResolvedVariant, set: KnobSet): System {
  const pairs: [string, KnobValue][] = Array.isArray(set)
    ? (set as readonly string[]).map((t) => parseKnobSetting(system.knobs, t))
    : Object.entries(set as Record<string, KnobValue>).map(([k, x]) => parseKnobSetting(system.knobs, `${k}=${String(x)}`));
  // A knob set twice is a slip (which one was meant?), not an override.
  const twice = pairs.find(([k], i) => pairs.findIndex(([j]) => j === k) !== i);
  if (twice) throw new LeasecheckError('LC003', `knob ${twice[0]} is set twice`);
  const changed = pairs.filter(([k, x]) => v.knobs[k] !== x);
  if (changed.length === 0) return systemOf(system.spec, v);
  const knobs = { ...v.knobs, ...Object.fromEntries(pairs) };
  const what = changed.map(([k, x]) => `${k}=${String(x)}`);
  const base = v.id === DEFAULT_VARIANT && system.variants.length === 0 ? DEFAULT_VARIANT : v.id.split('+')[0];
  return systemOf(system.spec, {
    id: `${base}+${what.join('+')}`,
    ...(v.title ? { title: `${v.title} (what if: ${what.join(', ')})` } : {}),
    ...(v.source ? { source: v.source } : {}),
    knobs,
  });
}
