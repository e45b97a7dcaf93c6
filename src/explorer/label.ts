/**
 * How an operation instance reads on a button or a walk row, without asserting an outcome. The spec
 * API has no outcome-free label: a label is per action, and an operation's outcomes are separate
 * actions whose labels often append the outcome (`admin: truncate(d, 0) = ETXTBSY`, `c1: write via
 * api with token 1 -> rejected`). Naming the operation by one of them states that outcome for every
 * design, whatever each cell says. So, generically:
 *  1. the common prefix of the labels of all its outcomes, cut at a word boundary and stripped of a
 *     trailing outcome marker (`=`, `->`, `:`), when every label reads as that prefix plus an outcome
 *     (nothing more, or a marker, or words after a closed call `truncate(d, 0) waits ...`); tried on
 *     each set of labels in turn (the caller's widest first: outcomes may bind more parameters);
 *  2. else the label most designs take (or have enabled) here, which at least agrees with most cells;
 *  3. else the shortest label of the first set (no design takes it: every cell says impossible).
 */
export function operationText(sets: readonly (readonly string[])[], taken: readonly string[] = []): string | undefined {
  for (const labels of sets) {
    const stem = commonStem(labels);
    if (stem !== undefined) return stem;
  }
  return mostCommon(taken) ?? shortest(sets.find((l) => l.length > 0) ?? []);
}

/** The outcome-free stem shared by labels (rule 1 above), or undefined when they share none. */
export function commonStem(labels: readonly string[]): string | undefined {
  const all = [...new Set(labels)];
  if (all.length <= 1) return all[0];
  const first = all[0];
  let p = 0;
  while (all.every((l) => p < l.length && l[p] === first[p])) p++;
  // Never cut inside a word (`= EB` of EBUSY and EBADF).
  while (p > 0 && isWord(first[p - 1]) && all.some((l) => isWord(l[p]))) p--;
  const stem = first.slice(0, p).replace(/[\s=:;,>→–—-]+$/u, '');
  if (stem === '' || !balanced(stem)) return undefined;
  const closed = /[)\]]$/.test(stem);
  const readsAsOutcome = (rest: string) => rest === '' || /^\s*(=|->|→|:|,|;|\(|–|—)/u.test(rest) || (closed && /^\s/.test(rest));
  return all.every((l) => readsAsOutcome(l.slice(stem.length))) ? stem : undefined;
}

function mostCommon(xs: readonly string[]): string | undefined {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  let best: string | undefined;
  for (const [x, k] of n) if (best === undefined || k > n.get(best)!) best = x;
  return best;
}

function shortest(xs: readonly string[]): string | undefined {
  return xs.reduce<string | undefined>((a, b) => (a === undefined || b.length < a.length ? b : a), undefined);
}

const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** Whether brackets open in a stem are closed in it (a cut inside `(fd10, ...` is no name). */
function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
