import type { GlobalState, JointAction } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { fileOfFd, leaseOf, type Names } from './names.ts';
import { filePinned, proc } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

/**
 * A process's own kernel steps: fatal-signal delivery (do_exit starts), the end of a blocked close,
 * and reaping once every fd is closed. Exit-path closes are in closeActions. All of them form the
 * weak-fairness group `kernel(p)`: "the kernel's own steps for that process are fair".
 */
export function kernelSteps(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const fair = { fairness: 'weak' as const, fairnessGroup: ({ p }: { p: string }) => `kernel(${p})` };
  const inCloseWaitOn = (s: GlobalState, p: string, f: string) =>
    (s[p].value === 'closeWait' || s[p].value === 'exitCloseWait') && fileOfFd(n, proc(s, p).closing!) === f;
  // K5: a fatal signal ends a killable wait (Dave Chinner, Aug 19: "we'd only break the block on a fatal signal").
  const killable = k.blockingCloseWait !== 'uninterruptible';
  const ends = (p: string, file: string) => [
    { actor: p, event: { type: 'closeReturns' } },
    { actor: leaseOf(file), event: { type: 'closeWaitEnds' } },
  ];
  return [
    reg.add('deliver SIGKILL', 'ok', 'kernel', {
      params: { p: n.procs }, ...fair,
      label: ({ p }) => `${p}: kernel delivers SIGKILL, do_exit() starts (mappings dropped)`,
      steps: ({ p }) => ({ actor: p, event: { type: 'deliverFatalSignal' } }),
    }),
    reg.add<{ p: string; file: string }>('close wait ends', 'returns', 'kernel', {
      params: { p: n.procs, file: n.files }, ...fair,
      label: ({ p }) => `${p}: blocked close returns: the pins are gone, the lease is released`,
      steps: ({ p, file }) => ends(p, file),
      guard: (s, { p, file }) => inCloseWaitOn(s, p, file) && !filePinned(s, n, file),
    }),
    reg.add<{ p: string; file: string }>('close wait killed', 'returns', 'kernel', {
      params: { p: n.procs, file: n.files }, ...fair,
      label: ({ p }) => `${p}: SIGKILL ends the blocked close; the lease is dropped, pins live on`,
      steps: ({ p, file }) => ends(p, file),
      guard: (s, { p, file }) => killable && inCloseWaitOn(s, p, file) && proc(s, p).killed && filePinned(s, n, file),
    }),
    reg.add('reaped', 'ok', 'kernel', {
      params: { p: n.procs }, ...fair,
      label: ({ p }) => `${p}: every fd closed; the process is dead`,
      steps: ({ p }) => ({ actor: p, event: { type: 'reaped' } }),
    }),
  ];
}
