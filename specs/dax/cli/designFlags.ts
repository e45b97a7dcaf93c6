import type { FlagSpec, ParsedArgs } from '../../../src/cli/args.ts';
import { LeasecheckError } from '../../../src/errors.ts';
import { DESIGNS, type Design } from '../../designs/designs.ts';
import { designById, withOverrides } from '../resolveDesign.ts';

export const DESIGN_FLAGS: FlagSpec = {
  design: { type: 'string', doc: 'a design preset (leasecheck list)' },
  designs: { type: 'string', doc: 'comma-separated design presets (default: all)' },
  set: { type: 'string', doc: 'override a knob, knob=value (repeatable)', repeat: true },
};

/** The designs named by --design / --designs (default all), with --set applied to each. */
export function designsFrom(args: ParsedArgs, defaultAll = true): Design[] {
  const sets = (args.flags.set as string[] | undefined) ?? [];
  const one = args.flags.design as string | undefined;
  const many = args.flags.designs as string | undefined;
  if (one && many) throw new LeasecheckError('LC001', 'give --design or --designs, not both');
  const ids = one ? [one] : many ? many.split(',').map((s) => s.trim()).filter(Boolean) : defaultAll ? DESIGNS.map((d) => d.id) : [];
  if (ids.length === 0) throw new LeasecheckError('LC001', 'name a design with --design (see leasecheck list)');
  return ids.map((id) => withOverrides(designById(id), sets));
}
