import type { Group } from '../symmetryGroups.ts';
/**
 * What the coordinator (parallel.ts) and the worker threads (worker.ts) share: the control words and
 * the messages. Every big array is a SharedArrayBuffer; a message only hands over (new) buffers.
 */
import { LOCK, LOG_END } from './sharedInterner.ts';

export { LOCK, LOG_END };
/** Distinct states so far: the next state index (Atomics.add claims one). */
export const COUNTER = 2;
/** Next frontier position to claim in the current level (Atomics.add claims a chunk). */
export const CURSOR = 3;
/** 0 running; 1 stop (limit or interrupt: the coordinator says which); 2 max-states reached. */
export const STOP = 4;
/** 1: a worker found too little room left; every worker pauses at its next chunk. */
export const PAUSE = 5;
export const CONTROL_WORDS = 8;

/** States a worker claims at a time. */
export const CHUNK = 32;

/**
 * Rows in one buffer of a level's rows (a multiple of CHUNK, so that a claim never straddles two).
 * A level's rows are a list of such buffers, which the level after next reuses (as explore.ts does
 * with levelRows.ts): rows are not copied when the table grows, and land in memory touched before.
 */
export const ROWS_PER_BUFFER = 128 * CHUNK;

export type { SystemOrigin } from '../../spec/system.ts';
import type { SystemOrigin } from '../../spec/system.ts';

/** The shared arrays of one epoch (they are replaced, larger, when the coordinator grows them). */
export interface Buffers {
  /**
   * Fingerprint table, `slotWords` words a slot. With a state graph, 3: (hi, lo, index + 1; 0 empty,
   * -1 being written). Without one, where no state's index is ever looked up, 2: (hi, lo), hi 0 empty
   * and lo 0 being written (sharedTable.ts).
   */
  table: SharedArrayBuffer;
  slotWords: 2 | 3;
  parent: SharedArrayBuffer;
  via: SharedArrayBuffer;
  marks: SharedArrayBuffer[];
  /**
   * Rows of the level being expanded (k locals, then the fingerprint hi, lo): level position i is row
   * i % ROWS_PER_BUFFER of buffer i / ROWS_PER_BUFFER.
   */
  frontier: SharedArrayBuffer[];
  /** Rows of the next level, likewise: state idx goes to position idx - nextBase. */
  next: SharedArrayBuffer[];
  /**
   * State indices below this are covered by parent/via/marks and leave the table under 3/4 full (the
   * next level's rows cover indices below nextBase + next.length * ROWS_PER_BUFFER).
   */
  capacity: number;
}

export interface WorkerInit {
  origin: SystemOrigin;
  scope: Record<string, number>;
  workers: number;
  control: SharedArrayBuffer;
  log: SharedArrayBuffer;
  safetyOnly: boolean;
  /**
   * Symmetry reduction by these groups (successors kept in canonical form): the system's declared
   * groups, or, with liveness properties, the subgroup that fixes what they name (liveSymmetry.ts).
   */
  symmetry: Group[] | null;
  /** ExploreOptions.seenShortcut. */
  seenShortcut: boolean;
  recordGraph: boolean;
  maxStates: number;
}

export type ToWorker =
  | { type: 'init'; init: WorkerInit }
  | { type: 'end' }
  | { type: 'level'; buffers: Buffers; levelFirst: number; frontierSize: number; nextBase: number; found: string[] }
  | { type: 'resume'; buffers: Buffers }
  /** While the search waits to grow: move part `part` of `parts` of the old table's entries into the new one (sharedTable.ts, rehashPart). */
  | { type: 'rehash'; old: SharedArrayBuffer; table: SharedArrayBuffer; slotWords: 2 | 3; part: number; parts: number };

export interface LevelReport {
  generated: number;
  expanded: number;
  /** Exploration.extraLookups in this level. */
  extraLookups: number;
  fired: Float64Array;
  firedNew: Float64Array;
  found: [string, number][];
  deadlock: number;
  /** Graph edges of this level: (source, target, instance) triples, sources in claim order. */
  edges?: Int32Array;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'paused' }
  | { type: 'rehashed' }
  | ({ type: 'done' } & LevelReport)
  | { type: 'error'; code?: string; message: string };
