/** The explorers the benchmark compares; each returns the distinct states of the N-philosopher table. */
export const EXPLORERS = ['leasecheck', 'xstate-graph', 'hand-bfs'] as const;
export type ExplorerName = (typeof EXPLORERS)[number];

export function isExplorer(s: string): s is ExplorerName {
  return (EXPLORERS as readonly string[]).includes(s);
}

/** Loads only the explorer asked for, so a child process carries no other explorer's modules. */
export async function loadExplorer(name: ExplorerName): Promise<(n: number) => number> {
  switch (name) {
    case 'leasecheck':
      return (await import('./leasecheck.ts')).leasecheckStates;
    case 'xstate-graph':
      return (await import('./xstateGraph.ts')).xstateGraphStates;
    case 'hand-bfs':
      return (await import('./handBfs.ts')).handBfsStates;
  }
}
