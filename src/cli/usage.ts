/** The --help text. Kept beside the commands so the two change together. */
export function usage(): string {
  return `leasecheck: an explicit-state model checker for composed XState v5 machines

usage:
  leasecheck check <spec.ts> [--scope k=v,...] [--json] [--quiet]
                   [--max-states N] [--max-depth N] [--timeout SECONDS] [--max-memory MIB]
      explore every reachable state of the system a spec exports; check its properties
  leasecheck simulate <spec.ts> | --design D [--set knob=value ...]  [--scope ...] [--runs N] [--depth D] [--seed S] [--json] [--quiet]
      random runs (default 1000 of up to 60 steps), safety checked at every step; a violation is shrunk; exit 0 = none found

the FS-DAX layout-lease model (designs, knobs, properties and the thread's nine cases):
  leasecheck list [--json]
      the designs, the knobs and their values, the properties, the scenarios, the scope
  leasecheck check --design D [--set knob=value ...] [--scope ...] [--json] [limits as above]
      check every property of one design ("what if?": --set changes one knob)
  leasecheck compare [--designs a,b] [--set knob=value ...] [--scope ...] [--json] [--out DIR]
      every property on every design, side by side; --out writes the reports (npm start: reports/)
  leasecheck replay <scenario> --design D [--json]
      run a named case (01..09, or a .scenario file) step by step: ok, ETXTBSY, blocks, impossible

exit status: 0 every property holds, 1 a property is violated, 2 bad input, 3 incomplete
`;
}
