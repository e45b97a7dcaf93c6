import { LeasecheckError } from '../../src/errors.ts';
import { DESIGNS, type Design } from '../designs/designs.ts';
import { KNOBS, KNOB_NAMES, type KnobName, type Knobs } from '../designs/knobs.ts';

/** A design by id, or LC040 naming the known ones. */
export function designById(id: string): Design {
  const d = DESIGNS.find((x) => x.id === id);
  if (!d) throw new LeasecheckError('LC040', `unknown design "${id}" (designs: ${DESIGNS.map((x) => x.id).join(', ')})`);
  return d;
}

/** Parses `knob=value` (the --set flag), checking both names. */
export function parseKnobSetting(text: string): [KnobName, string] {
  const m = /^([A-Za-z]+)=([A-Za-z]+)$/.exec(text.trim());
  if (!m) throw new LeasecheckError('LC040', `--set takes knob=value, got "${text}"`);
  const [, knob, value] = m;
  if (!(KNOB_NAMES as string[]).includes(knob)) throw new LeasecheckError('LC040', `unknown knob "${knob}" (knobs: ${KNOB_NAMES.join(', ')})`);
  const values = KNOBS[knob as KnobName].values as readonly string[];
  if (!values.includes(value)) throw new LeasecheckError('LC040', `knob ${knob} has no value "${value}" (values: ${values.join(', ')})`);
  return [knob as KnobName, value];
}

/** The design with --set overrides applied; the id says it was changed ("blocking-close+blockingCloseWait=killable"). */
export function withOverrides(design: Design, settings: readonly string[]): Design {
  if (settings.length === 0) return design;
  const knobs: Record<string, string> = { ...design.knobs };
  const changed: string[] = [];
  for (const s of settings) {
    const [k, v] = parseKnobSetting(s);
    knobs[k] = v;
    changed.push(`${k}=${v}`);
  }
  return { ...design, id: `${design.id}+${changed.join('+')}`, knobs: knobs as unknown as Knobs, title: `${design.title} (what if: ${changed.join(', ')})` };
}
