/** The --help text. Kept beside the commands so the two change together. */
export function usage(): string {
  return `leasecheck: an explicit-state model checker for composed XState v5 machines

usage:
  leasecheck check <spec.ts> [--scope k=v,...] [--json] [--quiet]
                   [--max-states N] [--max-depth N] [--timeout SECONDS] [--max-memory MIB]
      explore every reachable state of the system a spec exports; check its properties

exit status: 0 every property holds, 1 a property is violated, 2 bad input, 3 incomplete
`;
}
