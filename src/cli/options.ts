import { maxWorkers } from '../engine/workers/workerCap.ts';
import type { OptionSpecs } from './args.ts';

/** The most worker threads accepted: more than the machine's cores only slows a search down (the engine's own cap, cgroup CPU quota included). */
export const MAX_WORKERS = maxWorkers().max;

/** Which variants of the spec: one, several, and knob overrides. `--design(s)` are other names for them. */
export const VARIANT_OPTIONS: OptionSpecs = {
  variant: { type: 'string', value: 'V', doc: "the variant to check (default: the spec's first; leasecheck list shows them)" },
  design: { type: 'string', value: 'V', doc: '', aliasOf: 'variant' },
  set: { type: 'string', value: 'knob=value', repeat: true, doc: 'change one knob of the variant ("what if?")' },
};

/** Several variants (compare, gate): all by default. */
export const VARIANTS_OPTIONS: OptionSpecs = {
  variants: { type: 'string', value: 'a,b', doc: 'the variants to take, comma-separated (default: all)' },
  designs: { type: 'string', value: 'a,b', doc: '', aliasOf: 'variants' },
  set: { type: 'string', value: 'knob=value', repeat: true, doc: 'change one knob of every variant ("what if?")' },
};

/** The search's scope, limits, reductions and output, shared by every exploring command. */
export const LIMIT_OPTIONS: OptionSpecs = {
  scope: { type: 'string', value: 'k=v,...', doc: "scope parameters, e.g. processes=3 (leasecheck list shows the spec's)" },
  json: { type: 'boolean', doc: 'print one JSON object on stdout (schema: schema/*.schema.json, versioned)' },
  quiet: { type: 'boolean', doc: 'no progress on stderr' },
  progress: { type: 'count', zero: true, value: 'SECONDS', doc: 'when stderr is not a terminal, a progress line every SECONDS (default 30; 0: none); with --json only when given' },
  'max-states': { type: 'count', doc: 'stop (incomplete) once this many distinct states are found (the state being expanded finishes: a few more may be counted)' },
  'max-depth': { type: 'count', doc: 'do not explore deeper than this many steps' },
  timeout: { type: 'seconds', doc: 'stop (incomplete) after this many seconds' },
  'max-memory': { type: 'mib', doc: 'stop (incomplete) when resident memory would pass this many MiB' },
  symmetry: { type: 'boolean', doc: "reduce by the spec's interchangeable kinds (processes, files, ...): safety properties, and liveness properties that declare what they fix (the others turn it off, with a note)" },
  'safety-only': { type: 'boolean', doc: 'check safety properties and deadlock only; liveness ones are reported as not checked' },
  'no-deadlock': { type: 'boolean', doc: 'do not check for deadlocks (states with no enabled action)' },
  workers: { type: 'count', max: MAX_WORKERS, doc: `worker threads sharing the search (default 1: none; at most ${MAX_WORKERS})` },
  por: { type: 'boolean', doc: 'partial-order reduction (safety only; off with a note when liveness is checked): a trace found may not be shortest, the output says' },
  disk: { type: 'path', value: 'DIR', doc: "spill the search's levels and (safety only) its fingerprint table and each state's parent and action to DIR once they would pass --max-memory's budget for them, or memory runs short (a full disk: incomplete, exit 3); in a directory of its own inside DIR, removed at the end (one a killed run left is removed by the next run)" },
  prove: { type: 'boolean', doc: '"does it hold at this scope?": safety properties under --por and --symmetry, spilling to --disk (default the temp dir), traces confirmed shortest; with --workers N, symmetry on N threads in memory instead (no --por, no disk)' },
};

/** Reports a single check can add. */
export const REPORT_OPTIONS: OptionSpecs = {
  coverage: { type: 'boolean', doc: 'per joint action how often it fired, machine states and transitions never reached, vacuous properties (under a reduction or threads, of a plain search of the same scope)' },
  graph: { type: 'path', value: 'FILE', doc: 'write the explored state graph (.graphml, .gexf, .dot or .gv): above 20,000 states only with --max-states N (at most 100,000), the first N; under a reduction or threads, of a plain search of the same scope' },
  'emit-test': { type: 'path', value: 'FILE', doc: 'write a vitest file replaying each counterexample on real actors (never over a file it did not write)' },
};
