import type { GlobalState, JointAction } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { leaseOf, SOCKET, type Names } from './names.ts';
import { isBlocked, pinsUnder, proc, queued } from './queries.ts';
import { kernelFair } from './refActions.ts';
import type { VariantRegistry } from './variant.ts';

/**
 * A process's own kernel steps: fatal-signal delivery (do_exit starts), the end of a blocked release,
 * and reaping once every fd is closed. Exit-path closes are in closeActions, a pin landing in
 * rdmaActions, a socket purge in passActions. All of them form the weak-fairness group `kernel(p)`:
 * "the kernel's own steps for that process are fair".
 */
export function kernelSteps(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  const blockedOn = (s: GlobalState, p: string, f: string) => isBlocked(s, p) && n.sfFile[proc(s, p).releasing!] === f;
  // Rule fix 1: the wait is for the pins taken under the lease being released, not for every pin on the file.
  const waitedPins = (s: GlobalState, p: string) => pinsUnder(s, n, proc(s, p).releasing!).length > 0;
  // K5: a fatal signal ends a killable wait (Dave Chinner, Aug 19: "we'd only break the block on a fatal signal").
  const killable = k.blockingCloseWait !== 'uninterruptible';
  const ends = (p: string, file: string) => [
    { actor: p, event: { type: 'closeReturns' } },
    { actor: leaseOf(file), event: { type: 'closeWaitEnds' } },
  ];
  return [
    reg.add('deliver SIGKILL', 'ok', 'kernel', {
      params: { p: n.procs }, ...kernelFair,
      label: ({ p }) => `${p}: kernel delivers SIGKILL, do_exit() starts${n.opt.lastRef ? '' : ' (mappings dropped)'}`,
      steps: ({ p }) => ({ actor: p, event: (n.opt.lastRef ? { type: 'deliverFatalSignal', keepMapping: true } : { type: 'deliverFatalSignal' }) as { type: string } }),
    }),
    reg.add<{ p: string; file: string }>('close wait ends', 'returns', 'kernel', {
      params: { p: n.procs, file: n.files }, ...kernelFair,
      label: ({ p }) => `${p}: blocked close returns: the pins taken under its lease are gone, the lease is released`,
      steps: ({ p, file }) => ends(p, file),
      guard: (s, { p, file }) => blockedOn(s, p, file) && !waitedPins(s, p),
    }),
    reg.add<{ p: string; file: string }>('close wait killed', 'returns', 'kernel', {
      params: { p: n.procs, file: n.files }, ...kernelFair,
      label: ({ p }) => `${p}: SIGKILL ends the blocked close; the lease is dropped, pins live on`,
      steps: ({ p, file }) => ends(p, file),
      guard: (s, { p, file }) => killable && blockedOn(s, p, file) && proc(s, p).killed && waitedPins(s, p),
    }),
    reg.add('reaped', 'ok', 'kernel', {
      params: { p: n.procs }, ...kernelFair,
      label: ({ p }) => `${p}: every fd closed; the process is dead`,
      steps: ({ p }) => ({ actor: p, event: { type: 'reaped' } }),
      // With inflight, a message queued to p goes with p's socket first (exit-purge).
      ...(n.opt.inflight ? { guard: (s: GlobalState, { p }: { p: string }) => s[SOCKET] === undefined || queued(s)?.to !== p } : {}),
    }),
  ];
}
