/** The --help text. Kept beside the commands so the two change together. */
export function usage(): string {
  return `leasecheck: an explicit-state model checker for composed XState v5 machines

usage:
  leasecheck check <spec.ts> [--scope k=v,...] [--json] [--quiet]
                   [--max-states N] [--max-depth N] [--timeout SECONDS] [--max-memory MIB]
      explore every reachable state of the system a spec exports; check its properties
    speed and scale:
      --symmetry          reduce by the spec's declared interchangeable kinds (safety properties only;
                          turned off with a note when liveness properties are checked)
      --safety-only       check only the safety properties (liveness ones are reported incomplete)
      --workers N         explore with N worker threads (level by level: counterexamples stay shortest)
      --por               partial-order reduction (safety only; off with a note when liveness is checked;
                          a counterexample found under it is real but may not be shortest: the output says)
      --disk DIR          spill the search's levels to DIR once they would pass a quarter of --max-memory
                          (a full disk ends the run incomplete, exit 3; nothing is left in DIR)
      --prove             "does it hold at this scope?": safety properties under --por and --symmetry,
                          spilling to --disk (default the temp directory), counterexamples confirmed shortest
    reports, for a spec file and --design alike:
      --coverage          per joint action how often it fired (generated / distinct), the machine states
                          and transitions never reached, properties whose premise or subject never occurs
      --graph FILE        write the explored state graph as .graphml, .gexf or .dot (small scopes: refused
                          above 20,000 states unless --max-states N is given)
      --emit-test FILE    write a vitest file that replays each counterexample on real XState actors and
                          checks it still violates its property (keep a bug's trace as a test)
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
  leasecheck gate [--expectations FILE] [--junit FILE] [--designs a,b] [--set knob=value ...] [--scope ...]
      CI gate: every design's verdicts against the agreed ones (default expectations/verdicts.json); exit 1
      names each changed verdict; --junit writes JUnit XML; GITHUB_ACTIONS=true adds ::error annotations;
      --write-expectations records the current verdicts instead (review the diff before committing it)

exit status: 0 every property holds, 1 a property is violated, 2 bad input, 3 incomplete
`;
}
