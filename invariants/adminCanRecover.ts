import { possibly, type ActionRef, type Property } from '../src/index.ts';
import type { Knobs } from '../specs/designs/knobs.ts';
import type { Names } from '../specs/dax/names.ts';
import { filePinned, leaseState } from '../specs/dax/queries.ts';

/**
 * admin-can-recover (possibility, AG EF): from every reachable state, killing processes and letting
 * their exits finish can bring every DAX file back to a truncatable state: no long-term pin on it and, in
 * designs where a lease blocks truncate, no lease. Paths may use only `admin: kill -9` and the kernel's
 * own steps (signal delivery, blocked-close endings, exit-path closes, reaping), never a process's
 * syscall: the admin cannot make an application cooperate (Ira Weiny, Aug 21: "Admin kills process A").
 */
export function adminCanRecover(n: Names, k: Knobs, isRecoveryStep: (a: ActionRef) => boolean): Property {
  return possibly(
    'admin-can-recover',
    (s) => n.files.every((f) => !filePinned(s, n, f) && (k.truncateUnderExclusiveLease !== 'ETXTBSY' || leaseState(s, f) === 'none')),
    {
      description: 'from every state, kill -9 and exit processing can make the file truncatable again',
      via: isRecoveryStep,
      // Every file, every process's kill and kernel steps: it names no member, and symmetry may exchange all.
      fixes: [],
    },
  );
}
