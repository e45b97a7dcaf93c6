import { compileSystem } from '../../engine/compile.ts';
import { SCHEMA_VERSION } from '../../report/schema.ts';
import { scenarioFiles } from '../../scenario/files.ts';
import { variantsOf } from '../../spec/define.ts';
import { parseArgs, type CommandSpec } from '../args.ts';
import { shellWord } from '../gateRerun.ts';
import { help } from '../help.ts';
import { loadTarget, variantWord } from '../target.ts';

export const LIST_COMMAND: CommandSpec = {
  name: 'list',
  usage: '[SPEC] [--json]',
  summary: "What a spec declares: its variants (designs), the knobs and their values, each variant's setting of them, its properties, its named scenarios and its scope parameters.",
  options: { json: { type: 'boolean', doc: 'print JSON' } },
  maxPositional: 1,
};

/** `leasecheck list [SPEC] [--json]`. */
export async function runList(argv: string[]): Promise<number> {
  const args = parseArgs(argv, LIST_COMMAND);
  if (args.flags.help) return help(LIST_COMMAND);
  const { system, specPath } = await loadTarget('list', args.positional[0]);
  const variants = variantsOf(system);
  const properties = compileSystem(system).properties.map((p) => ({ id: p.name, kind: p.kind, description: p.description ?? '' }));
  const word = variantWord(system);
  const data = {
    schema: 'leasecheck/list' as const,
    schemaVersion: SCHEMA_VERSION,
    spec: specPath,
    system: system.name,
    ...(system.description ? { description: system.description } : {}),
    variantWord: word,
    variants: variants.map((v) => ({ id: v.id, ...(v.title ? { title: v.title } : {}), ...(v.source ? { source: v.source } : {}), knobs: v.knobs })),
    knobs: Object.entries(system.knobs).map(([name, k]) => ({ name, values: [...k.values], default: k.default ?? k.values[0], ...(k.doc ? { doc: k.doc } : {}) })),
    properties,
    scenarios: scenarioFiles(system).map((f) => ({ name: f.name, title: f.scenario.title, ...(f.scenario.source ? { source: f.scenario.source } : {}) })),
    scope: Object.fromEntries(Object.entries(system.params).map(([k, v]) => [k, { default: v.default, ...(v.min !== undefined ? { min: v.min } : {}), ...(v.max !== undefined ? { max: v.max } : {}), ...(v.description ? { description: v.description } : {}) }])),
  };
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(data) + '\n');
    return 0;
  }
  const out: string[] = [`${system.name}${system.description ? `: ${system.description}` : ''}`, '', `${word}s (--variant V; compare takes them all):`];
  const idW = Math.max(...variants.map((v) => v.id.length));
  for (const v of variants) out.push(`  ${v.id.padEnd(idW)}  ${v.title ?? ''}`.trimEnd());
  if (data.knobs.length) {
    const kw = Math.max(...data.knobs.map((k) => k.name.length));
    out.push('', 'knobs (change one with --set knob=value):');
    for (const k of data.knobs) out.push(`  ${k.name.padEnd(kw)}  ${k.values.join(' | ')}`);
    if (variants.length > 1) {
      out.push('', `knob values per ${word}:`);
      const widths = variants.map((v) => Math.max(v.id.length, ...data.knobs.map((k) => String(v.knobs[k.name]).length)));
      out.push(`  ${''.padEnd(kw)}  ${variants.map((v, i) => v.id.padEnd(widths[i])).join('  ')}`.trimEnd());
      for (const k of data.knobs) out.push(`  ${k.name.padEnd(kw)}  ${variants.map((v, i) => String(v.knobs[k.name]).padEnd(widths[i])).join('  ')}`.trimEnd());
    }
  }
  out.push('', 'properties:');
  const pw = Math.max(0, ...properties.map((p) => p.id.length));
  for (const p of properties) out.push(`  ${p.id.padEnd(pw)}  ${p.description}`.trimEnd());
  if (data.scenarios.length) {
    // The spec as typed: without it, replay would look for the scenario in the default spec.
    const spec = args.positional[0] !== undefined ? `${shellWord(args.positional[0])} ` : '';
    out.push('', `scenarios (leasecheck replay ${spec}<name> [--variant V]):`);
    const sw = Math.max(...data.scenarios.map((s) => s.name.length));
    for (const s of data.scenarios) out.push(`  ${s.name.padEnd(sw)}  ${s.title}`);
  }
  const scope = Object.entries(data.scope);
  if (scope.length) {
    out.push('', 'scope (--scope k=v):');
    const sw = Math.max(...scope.map(([k]) => k.length));
    for (const [k, v] of scope) out.push(`  ${k.padEnd(sw)}  default ${v.default}${v.min !== undefined || v.max !== undefined ? ` (${v.min ?? ''}..${v.max ?? ''})` : ''}${v.description ? `: ${v.description}` : ''}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
