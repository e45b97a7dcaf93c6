/**
 * The verdicts that flip beyond the default scope: with two threads per process (threads=1) the lease
 * check and the pin are separate steps, and these cells go from holds to violated. The report's intro
 * (present.ts) is written from this list, and test/dax/options.test.ts checks the list against the
 * checker, so the sentence cannot drift from the verdicts.
 */
export const THREAD_FLIPS: { designs: readonly string[]; properties: readonly string[]; steps: number; caseFile: string; caseTitle: string } = {
  designs: ['zombie-lease', 'blocking-close'],
  properties: ['no-lease-less-pin-weak', 'no-lease-less-pin-at-rest'],
  /** The length of each flipped cell's shortest counterexample. */
  steps: 7,
  /** The named case that replays it, by its heading in the report (its .scenario file's title). */
  caseFile: '12-threads-close-races-pin.scenario',
  caseTitle: "Threads: ibv_reg_mr's lease check passes, the other thread closes the leased fd, then the pin lands",
};

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** `four`, or the digits past ten. */
export const countWord = (n: number): string => WORDS[n] ?? String(n);

/** `a`, `a and b`, `a, b and c`. */
export const andList = (xs: readonly string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The intro's sentence on the flips, counted from THREAD_FLIPS. */
export function threadFlipsText(): string {
  const { designs, properties, steps, caseTitle } = THREAD_FLIPS;
  const n = designs.length * properties.length;
  const cmd = `\`leasecheck check specs/dax.model.ts --design ${designs[0]} --scope threads=1\``;
  const others = designs.length > 1 ? `, and the same for ${andList(designs.slice(1))}` : '';
  return (
    `Beyond this scope, ${countWord(n)} verdict${n === 1 ? ' flips' : 's flip'}: with two threads per process (${cmd}${others}), ` +
    `${andList(properties)} ${properties.length === 1 ? 'goes' : 'go'} from holds to violated in ${steps} steps, in ${designs.length > 1 ? 'each of ' : ''}${andList(designs)}: ibv_reg_mr's lease check passes in one thread, the other thread releases the lease (F_UNLCK or close) while nothing is pinned yet, and the pin then lands with no lease. ` +
    `The thread states the check only at pin time (Ira Weiny, Aug 9, item 2) and never says what excludes a concurrent release. The named case "${caseTitle}" replays it; docs/dax-model.md has the state spaces of every option.`
  );
}
