import type { CheckSuccess } from '../engine/check.ts';

/**
 * What the search did besides the plain BFS, in words for a reader: a state count under symmetry counts
 * orbits and is not comparable with a plain run's, and properties left out were not checked. Empty
 * when the search was plain. Shared by the check text, the comparison text and the reports.
 */
export function searchWords(results: readonly CheckSuccess[]): string[] {
  const words: string[] = [];
  const groups = [...new Set(results.flatMap((r) => r.exploration.reducedBy ?? []))];
  if (groups.length > 0) words.push(`symmetry over ${groups.join(', ')}: states are counted one per orbit`);
  if (results.some((r) => r.exploration.por !== undefined)) words.push('partial-order reduction');
  if (results.some((r) => r.properties.some((p) => p.notChecked))) words.push('safety properties only: the liveness ones were not checked');
  return words;
}
