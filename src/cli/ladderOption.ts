import { LeasecheckError } from '../errors.ts';
import type { LadderAxis } from '../engine/ladder.ts';
import type { System } from '../spec/system.ts';
import type { OptionSpecs } from './args.ts';

/** The whole ladder's time, all variants together, when --budget is not given. */
export const DEFAULT_LADDER_BUDGET_S = 600;
/** Most scopes one ladder may list: every combination is a search, and a report row. */
export const MAX_LADDER_SCOPES = 100;

/** `compare --ladder AXES [--budget SECONDS]`. */
export const LADDER_OPTIONS: OptionSpecs = {
  ladder: {
    type: 'string',
    value: 'k=a..b,...',
    doc: 'also check every variant at growing scopes, e.g. processes=1..3,files=1..2 (every combination, smallest first; safety properties only unless --ladder-liveness, with the spec\'s symmetry); the report shows per cell the largest scopes each verdict was established at, where it is undecided, and any verdict that changes with scope, with its trace',
  },
  'ladder-liveness': {
    type: 'boolean',
    doc: 'with --ladder: check the liveness properties at every scope too (each search keeps its state graph: slower and more memory; the spec\'s symmetry is used only if every liveness property declares fixes, else each search runs without it)',
  },
  budget: {
    type: 'seconds',
    doc: `with --ladder: the time all the ladders may take together (default ${DEFAULT_LADDER_BUDGET_S}); each variant gets an equal share of what is left, each scope at most --timeout`,
  },
};

/**
 * Parses `--ladder processes=1..3,files=2` against the spec's scope parameters: each entry
 * `name=low..high` or `name=value`, integers within the parameter's declared min and max, each
 * parameter once and not also fixed by --scope. Anything wrong is one LC002 line, as for --scope.
 */
export function parseLadder(text: string, system: System, fixed: Readonly<Record<string, number>> = {}): LadderAxis[] {
  const axes: LadderAxis[] = [];
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new LeasecheckError('LC002', `--ladder needs at least one parameter and its values, e.g. ${example(system)}`);
  for (const part of parts) {
    const m = /^([A-Za-z_][\w-]*)=(-?\d+)(?:\.\.(-?\d+))?$/.exec(part);
    if (!m) throw new LeasecheckError('LC002', `--ladder entry "${part}" is not name=low..high or name=integer (e.g. ${example(system)})`);
    const [, name, lowText, highText] = m;
    const decl = system.params[name];
    if (!decl) {
      const known = Object.keys(system.params);
      throw new LeasecheckError('LC002', `--ladder: scope key ${name} is not declared by ${system.name} (${known.length ? `it declares ${known.join(', ')}` : 'it declares none'})`);
    }
    if (axes.some((a) => a.param === name)) throw new LeasecheckError('LC002', `--ladder names ${name} twice`);
    if (name in fixed) throw new LeasecheckError('LC002', `${name} is given both by --scope and by --ladder: give it to one of them`);
    const low = Number(lowText);
    const high = highText === undefined ? low : Number(highText);
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) throw new LeasecheckError('LC002', `--ladder ${part}: the values must be integers`);
    if (high < low) throw new LeasecheckError('LC002', `--ladder ${part}: the range goes down (write ${name}=${high}..${low})`);
    if (decl.min !== undefined && low < decl.min) throw new LeasecheckError('LC002', `--ladder ${part}: ${name}=${low} is below its minimum ${decl.min}`);
    if (decl.max !== undefined && high > decl.max) throw new LeasecheckError('LC002', `--ladder ${part}: ${name}=${high} is above its maximum ${decl.max}`);
    if (high - low >= MAX_LADDER_SCOPES) throw new LeasecheckError('LC002', `--ladder ${part}: more than ${MAX_LADDER_SCOPES} values`);
    axes.push({ param: name, values: Array.from({ length: high - low + 1 }, (_, i) => low + i) });
  }
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_LADDER_SCOPES) throw new LeasecheckError('LC002', `--ladder ${text} makes ${count} scopes; at most ${MAX_LADDER_SCOPES} (narrow a range)`);
  return axes;
}

/** `processes=1..2` for the spec's first parameter, for error messages. */
function example(system: System): string {
  const [name, decl] = Object.entries(system.params)[0] ?? ['processes', { default: 1 }];
  const low = decl.min ?? decl.default;
  return `${name}=${low}..${Math.min(decl.max ?? low + 1, low + 1)}`;
}
