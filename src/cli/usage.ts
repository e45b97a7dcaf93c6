/** The top-level --help text; each command has its own (`leasecheck <command> --help`). */
export function usage(commands: readonly string[]): string {
  return `leasecheck: an explicit-state model checker for systems of XState v5 machines, and for comparing designs

usage: leasecheck <command> [SPEC] [options]        (leasecheck <command> --help, or leasecheck help <command>, for its options)
       leasecheck --version                          the version

  check     [SPEC] [--variant V] [--set knob=value]   every property of one variant; shortest counterexamples
  compare   [SPEC] [--variants a,b] [--out DIR]        every property on every variant, side by side; reports
  gate      [SPEC] [--expectations FILE] [--junit F]   CI: every verdict against the agreed ones (exit 1 on a change)
  replay    [SPEC] <SCENARIO | TRACE.itf.json>         a scenario step by step under each variant, or an ITF trace
  simulate  [SPEC] [--variant V] [--runs N] [--seed S] random runs with shrinking (proves nothing; fast and deep)
  list      [SPEC]                                     the variants, knobs, properties, scenarios and scope
  explore   [SPEC] [--variants a,b] [--port N]          walk the model by hand in a local web page, every variant side by side

SPEC is a spec module (TypeScript or JavaScript, no build step), by convention NAME.model.ts; without one,
the spec package.json names ("leasecheck": { "spec": ... }).

exit status: 0 every property holds, 1 a property is violated (gate: a verdict changed; compare exits 0,
its verdicts are findings in the report), 2 bad input (one line "error LC0xx: ..."), 3 incomplete (a limit
or Ctrl-C stopped the search before any violation was found; a violation found first still exits 1)
commands: ${commands.join(', ')}
`;
}
