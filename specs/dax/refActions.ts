import type { GlobalState, JointAction, Participant, Params } from '../../src/index.ts';
import type { Knobs } from '../designs/knobs.ts';
import { leaseOf, type Names } from './names.ts';
import { lease, leaseOn, leaseState, openFile, pinsUnder } from './queries.ts';
import type { VariantInfo, VariantRegistry } from './variant.ts';

/** Where a reference is dropped: a syscall of the process, or its exit (do_exit, PF_EXITING). */
export type Path = 'user' | 'exit';

type Extra = Pick<JointAction<any>, 'fairness' | 'fairnessGroup'>;

/** Weak fairness of a process's own kernel steps, one group per process: "the kernel's steps for that process are fair". */
export const kernelFair = { fairness: 'weak' as const, fairnessGroup: (x: { p: string }) => `kernel(${x.p})` };

/** How one operation drops a reference to a data-file struct file (the struct file is a parameter). */
export interface DataDrop<P extends Params> {
  /** The operation scenarios name (close, exit-close, munmap, exit-unmap) and the action-name stem. */
  op: string;
  name: string;
  who: VariantInfo['who'];
  path: Path;
  params: { readonly [K in keyof P]: readonly P[K][] };
  sf: (p: P) => string;
  /** The operation may happen here (an fd open, a mapping present, ...), whatever the reference count. */
  base: (s: GlobalState, p: P) => boolean;
  /** The process's own step when it does not block, and when it blocks in the release. */
  step: (p: P) => Participant;
  blockStep: (p: P) => Participant;
  label: (what: string) => (p: P) => string;
  extra?: Extra;
}

/**
 * The outcomes of dropping a reference to a data-file struct file: another reference remains; the last
 * one goes with no lease on it; it releases its lease (no pins under it); or, with pins taken under that
 * lease outstanding, knobs K4/K5 decide: the lease is dropped, becomes a zombie, or the release blocks
 * (Dave Chinner, Aug 17) unless this is the exit path of killableNoExit (Dave Chinner, Aug 19).
 * Rule fix 1: only the pins taken under this very lease count (Dave Chinner, Aug 17: "you can't close
 * the fd until resources that pin the lease have been released"; Jan Kara, Aug 19: "Or you could wait
 * for another process to release page pins and blocking SIGKILL on that is also bad").
 */
export function dataDrop<P extends Params>(n: Names, k: Knobs, reg: VariantRegistry, d: DataDrop<P>): JointAction<P>[] {
  const refs = (s: GlobalState, p: P) => openFile(s, d.sf(p)).refs;
  const fileOf = (p: P) => n.sfFile[d.sf(p)];
  const heldHere = (s: GlobalState, p: P) => leaseState(s, fileOf(p)) === 'held' && lease(s, fileOf(p)).attachedTo === d.sf(p);
  const pinned = (s: GlobalState, p: P) => pinsUnder(s, n, d.sf(p)).length > 0;
  const sfStep = (p: P, type: string): Participant => ({ actor: d.sf(p), event: { type } });
  const leaseStep = (p: P, type: string): Participant => ({ actor: leaseOf(fileOf(p)), event: { type } });
  const blocks = k.lastCloseWithPins === 'block' && !(k.blockingCloseWait === 'killableNoExit' && d.path === 'exit');
  const withPins = k.lastCloseWithPins === 'zombie' ? 'zombie' : blocks ? 'blocks' : 'dropLease';
  const common = { params: d.params, ...(d.extra ?? {}) };
  return [
    reg.add<P>(d.op, 'ok', d.who, {
      ...common,
      name: `${d.name}:shared`,
      label: d.label(''),
      steps: (p) => [d.step(p), sfStep(p, 'put')],
      guard: (s, p) => d.base(s, p) && refs(s, p) > 1,
    }),
    reg.add<P>(d.op, 'ok', d.who, {
      ...common,
      name: `${d.name}:last`,
      label: d.label(''),
      steps: (p) => [d.step(p), sfStep(p, 'lastPut')],
      guard: (s, p) => d.base(s, p) && refs(s, p) === 1 && !heldHere(s, p),
    }),
    reg.add<P>(d.op, 'ok', d.who, {
      ...common,
      name: `${d.name}:last:leaseReleased`,
      label: d.label(': last reference, the lease is released'),
      steps: (p) => [d.step(p), sfStep(p, 'lastPut'), leaseStep(p, 'lastCloseDrops')],
      guard: (s, p) => d.base(s, p) && refs(s, p) === 1 && heldHere(s, p) && !pinned(s, p),
    }),
    withPins === 'blocks'
      ? reg.add<P>(d.op, 'blocks', d.who, {
          ...common,
          name: `${d.name}:last:pinned:blocks`,
          label: d.label(' blocks until the pins taken under its lease are released'),
          steps: (p) => [d.blockStep(p), sfStep(p, 'lastPut'), leaseStep(p, 'lastCloseWaits')],
          guard: (s, p) => d.base(s, p) && refs(s, p) === 1 && heldHere(s, p) && pinned(s, p),
        })
      : reg.add<P>(d.op, withPins === 'zombie' ? 'ok: lease becomes a zombie' : 'ok: lease dropped, pins live on', d.who, {
          ...common,
          name: `${d.name}:last:pinned:${withPins}`,
          label: d.label(withPins === 'zombie' ? ': the lease becomes a zombie held by the file_pin' : ': the lease is dropped while pins live on'),
          steps: (p) => [d.step(p), sfStep(p, 'lastPut'), leaseStep(p, withPins === 'zombie' ? 'lastCloseZombifies' : 'lastCloseDrops')],
          guard: (s, p) => d.base(s, p) && refs(s, p) === 1 && heldHere(s, p) && pinned(s, p),
        }),
  ];
}

/** How one operation drops a reference to an RDMA context (the context is a parameter). */
export interface CtxDrop<P extends Params> {
  op: string;
  name: string;
  who: VariantInfo['who'];
  params: { readonly [K in keyof P]: readonly P[K][] };
  ctx: (p: P) => string;
  base: (s: GlobalState, p: P) => boolean;
  /** The steps before the reference goes (the process's close, the socket's purge, the pin landing). */
  pre: (p: P) => Participant[];
  label: (what: string) => (p: P) => string;
  extra?: Extra;
  /** The outcome a scenario sees (default ok). */
  outcome?: string;
}

/** Every subset of the files, as comma-joined names ('' for none), smallest first. */
function subsets(files: string[]): string[] {
  let acc: string[][] = [[]];
  for (const f of files) acc = [...acc, ...acc.map((x) => [...x, f])];
  return acc.map((x) => x.join(','));
}

/**
 * The outcomes of dropping a reference to an RDMA context: another remains, or it was the last and its
 * MRs are deregistered, at once (Jason Gunthorpe, Aug 21: "close(uverbs) is the thing that does the
 * dereg_mr") or, with asyncDereg, later by deferred kernel work (Jason Gunthorpe, Aug 19). A zombie
 * lease whose last pins go with them ends in the same step (Ira Weiny, Aug 16).
 */
export function ctxDrop<P extends Params>(n: Names, reg: VariantRegistry, d: CtxDrop<P>): JointAction<P>[] {
  const refs = (s: GlobalState, p: P) => openFile(s, d.ctx(p)).refs;
  const released = n.opt.asyncDereg ? 'contextReleasedAsync' : 'contextReleased';
  // Synchronous release only: the zombie leases whose remaining pins all belong to this context.
  const zombiesEnding = (s: GlobalState, x: string) =>
    n.files
      .filter((f) => {
        if (n.opt.asyncDereg || leaseState(s, f) !== 'zombie') return false;
        const pins = pinsUnder(s, n, lease(s, f).attachedTo!);
        return pins.length > 0 && pins.every((m) => m.ctx === x);
      })
      .join(',');
  const common = { params: d.params, ...(d.extra ?? {}) };
  const outcome = d.outcome ?? 'ok';
  const actions: JointAction<P>[] = [
    reg.add<P>(d.op, outcome, d.who, {
      ...common,
      name: `${d.name}:shared`,
      label: d.label(''),
      steps: (p) => [...d.pre(p), { actor: d.ctx(p), event: { type: 'put' } }],
      guard: (s, p) => d.base(s, p) && refs(s, p) > 1,
    }),
  ];
  for (const ends of n.opt.asyncDereg ? [''] : subsets(n.files)) {
    const files = ends === '' ? [] : ends.split(',');
    const what =
      ends !== ''
        ? `: its MRs are deregistered, the last pins on ${ends} go, and the zombie lease with them`
        : n.opt.asyncDereg
          ? ': last reference to the RDMA context; its MRs will be deregistered by deferred work'
          : ': last reference to the RDMA context; its MRs are deregistered';
    actions.push(
      reg.add<P>(d.op, outcome, d.who, {
        ...common,
        name: ends === '' ? `${d.name}:last` : `${d.name}:last:zombieEnds(${ends})`,
        label: d.label(what),
        steps: (p) => [
          ...d.pre(p),
          { actor: d.ctx(p), event: { type: 'lastPut' } },
          ...n.mrs.map((m) => ({ actor: m, event: { type: released, ctx: d.ctx(p) } as { type: string } })),
          ...files.map((f) => ({ actor: leaseOf(f), event: { type: 'pinsGone' } })),
        ],
        guard: (s, p) => d.base(s, p) && refs(s, p) === 1 && zombiesEnding(s, d.ctx(p)) === ends,
      }),
    );
  }
  return actions;
}

/** Whether deregistering MR m's pins ends the zombie lease they were taken under (its last ones). */
export function endsZombie(s: GlobalState, n: Names, m: { file: string | null; filePin: string | null }): boolean {
  const f = m.file!;
  return leaseState(s, f) === 'zombie' && leaseOn(s, f, m.filePin!) && pinsUnder(s, n, m.filePin!).length === 1;
}

