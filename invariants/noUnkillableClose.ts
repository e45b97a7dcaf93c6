import { leadsTo, type Property } from '../src/index.ts';
import type { Names } from '../specs/dax/names.ts';
import { isDead, proc } from '../specs/dax/queries.ts';
import { DEFERRED_WORK } from '../specs/dax/rdmaActions.ts';

/**
 * no-unkillable-close (liveness): a process that has been sent SIGKILL eventually dies, assuming only
 * that the kernel's own steps for that process are fair (weak fairness of the group `kernel(A)`: signal
 * delivery, the end of a blocked close, exit-path closes, reaping) and nothing of any other process:
 * they may stop forever and never release what they hold. A process stuck forever in close() after
 * SIGKILL is the violation (Jan Kara, Aug 19: "You could easily deadlock e.g. if the process gets
 * SIGKILL..."; Jason Gunthorpe, Aug 21: "Hanging the close of the datafile fd contingent on some other
 * FD's closure is a recipe for deadlock").
 *
 * With asyncDereg the kernel's deferred deregistration of MRs is assumed fair too: it is kernel work that
 * runs eventually, whoever waits for it (Jason Gunthorpe, Aug 19).
 *
 * Checked for process A. The model treats all processes alike (every action is quantified over all of
 * them, and they start equal), so swapping names maps behaviours to behaviours: the verdict for A is the
 * verdict for every process. A test checks B gives the same verdicts. Under symmetry (`fixes`) the
 * search exchanges the other processes, the files and the MR slots, never A.
 */
export function noUnkillableClose(n: Names, p = n.procs[0]): Property {
  return leadsTo('no-unkillable-close', (s) => proc(s, p).killed, (s) => isDead(s, p), {
    description: `a process sent SIGKILL (${p}) eventually dies, assuming weak fairness of its own kernel steps only`,
    fairness: (key) => key === `kernel(${p})` || key === DEFERRED_WORK,
    // It names process p (its state, its kernel steps): symmetry may exchange the others only.
    fixes: [p],
  });
}
