import { parseArgs } from '../../../src/cli/args.ts';
import { DESIGNS } from '../../designs/designs.ts';
import { KNOBS, KNOB_NAMES } from '../../designs/knobs.ts';
import { DAX_PARAMS, daxSystem } from '../system.ts';
import { compileSystem } from '../../../src/index.ts';
import { scenarioFiles } from '../scenario/files.ts';

/** `leasecheck list [--json]`: designs, knobs with their values, properties and scenarios. */
export async function runList(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: { type: 'boolean', doc: 'print JSON' } }, 'list');
  const properties = compileSystem(daxSystem(DESIGNS[0]).system).properties.map((p) => ({ id: p.name, kind: p.kind, description: p.description ?? '' }));
  const data = {
    designs: DESIGNS.map((d) => ({ id: d.id, title: d.title, source: d.source, knobs: d.knobs })),
    knobs: KNOB_NAMES.map((k) => ({ name: k, values: [...KNOBS[k].values], doc: KNOBS[k].doc })),
    properties,
    scenarios: scenarioFiles().map((f) => ({ name: f.name, title: f.scenario.title, source: f.scenario.source })),
    scope: Object.fromEntries(Object.entries(DAX_PARAMS).map(([k, v]) => [k, { default: v.default, min: v.min, max: v.max, description: v.description }])),
  };
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(data) + '\n');
    return 0;
  }
  const out: string[] = ['designs:'];
  for (const d of data.designs) out.push(`  ${d.id.padEnd(25)} ${d.title}`);
  out.push('', 'knobs (change one with --set knob=value):');
  for (const k of data.knobs) out.push(`  ${k.name.padEnd(28)} ${k.values.join(' | ')}`);
  out.push('', 'knob values per design:');
  const widths = DESIGNS.map((d) => Math.max(d.id.length, ...KNOB_NAMES.map((k) => String(d.knobs[k]).length)));
  out.push(`  ${''.padEnd(28)} ${DESIGNS.map((d, i) => d.id.padEnd(widths[i])).join('  ')}`);
  for (const k of KNOB_NAMES) out.push(`  ${k.padEnd(28)} ${DESIGNS.map((d, i) => String(d.knobs[k]).padEnd(widths[i])).join('  ')}`.trimEnd());
  out.push('', 'properties:');
  for (const p of data.properties) out.push(`  ${p.id.padEnd(28)} ${p.description}`);
  out.push('', 'scenarios (leasecheck replay <name> --design <d>):');
  for (const s of data.scenarios) out.push(`  ${s.name.padEnd(36)} ${s.title}`);
  out.push('', 'scope (--scope k=v):');
  for (const [k, v] of Object.entries(data.scope)) out.push(`  ${k.padEnd(10)} default ${v.default} (${v.min}..${v.max}): ${v.description}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
