import type { StateOf } from '../../src/index.ts';
import { client, lockService, storage, type ClientName, type StorageInput } from './machines.ts';

/** The actors: clients c1, c2, ... (as many as the scope says), the lock service and the storage. */
export type LockActors = {
  readonly lock: { readonly machine: typeof lockService };
  readonly storage: { readonly machine: typeof storage; readonly input: StorageInput };
} & { readonly [C in ClientName]: { readonly machine: typeof client; readonly input: { rounds: number } } };

/** The global state as predicates and hooks see it, typed by the machines: `s.c1.context.token`. */
export type LockState = StateOf<LockActors>;

/** c1 .. cN. */
export const clientNames = (n: number): ClientName[] => Array.from({ length: n }, (_, i) => `c${i + 1}` as const);

/** The actors at a scope: `rounds` leases per client, the storage checking as `input` says. */
export function lockActors(clients: number, rounds: number, input: StorageInput): LockActors {
  const cs: Record<ClientName, { machine: typeof client; input: { rounds: number } }> = {};
  for (const c of clientNames(clients)) cs[c] = { machine: client, input: { rounds } };
  // Actor order is the state vector's order: clients first, then the lock service and the storage.
  return { ...cs, lock: { machine: lockService }, storage: { machine: storage, input } };
}
