/** The benchmark's models and explorers; each explorer returns the distinct states of a model at size n. */
export const MODELS = ['philosophers', 'peterson', 'dax'] as const;
export type ModelName = (typeof MODELS)[number];

export const EXPLORERS = ['leasecheck', 'leasecheck-2w', 'xstate-graph', 'hand-bfs', 'spin'] as const;
export type ExplorerName = (typeof EXPLORERS)[number];

/** What one exploration reports. Explorers measured outside node (SPIN) bring their own time and memory. */
export interface Explored {
  states: number;
  /** Bytes of the engine's own per-state structures (fingerprint table + parent + action), when known. */
  engineBytes?: number;
  /** The run stopped at a cap (--max-states): `states` is a lower bound. */
  capped?: string;
  seconds?: number;
  peakMB?: number;
  note?: string;
}

export type Explore = ((n: number) => Explored | Promise<Explored>) & {
  /** Set-up to do once before the timed runs (worker threads' boot); returns its seconds. */
  boot?: (n: number) => Promise<number>;
};

export function isExplorer(s: string): s is ExplorerName {
  return (EXPLORERS as readonly string[]).includes(s);
}

export function isModel(s: string): s is ModelName {
  return (MODELS as readonly string[]).includes(s);
}

/** Which explorers run which model: DAX is leasecheck-only (no hand-written or Promela version). */
export function explorersFor(model: ModelName): readonly ExplorerName[] {
  return model === 'dax' ? ['leasecheck', 'leasecheck-2w'] : EXPLORERS;
}

/** Loads only the explorer asked for, so a child process carries no other explorer's modules. */
export async function loadExplorer(model: ModelName, name: ExplorerName): Promise<Explore> {
  switch (name) {
    case 'leasecheck':
      return (await import('./leasecheck.ts')).leasecheckExplorer(model, 1);
    case 'leasecheck-2w':
      return (await import('./leasecheck.ts')).leasecheckExplorer(model, 2);
    case 'xstate-graph':
      return (await import('./xstateGraph.ts')).xstateGraphExplorer(model);
    case 'hand-bfs':
      return (await import('./handBfs.ts')).handBfsExplorer(model);
    case 'spin':
      return (await import('./spin.ts')).spinExplorer(model);
  }
}
