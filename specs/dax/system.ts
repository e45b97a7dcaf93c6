import { defineSystem, withKnobs, withVariant, type JointAction, type Property, type Scope, type System, type SystemModel } from '../../src/index.ts';
import { DESIGNS, type Design } from '../designs/designs.ts';
import { KNOBS, KNOB_NAMES, type Knobs } from '../designs/knobs.ts';
import { processMachine } from '../machines/process.ts';
import { openFileMachine } from '../machines/openFile.ts';
import { leaseMachine } from '../machines/lease.ts';
import { mrMachine } from '../machines/mr.ts';
import { daxFileMachine } from '../machines/daxFile.ts';
import { blockAllocatorMachine } from '../machines/blockAllocator.ts';
import { adminMachine } from '../machines/admin.ts';
import { socketMachine } from '../machines/socket.ts';
import { ctxOf, leaseOf, namesFor, ownOpens, SOCKET, type Names } from './names.ts';
import { VariantRegistry } from './variant.ts';
import { closeActions } from './closeActions.ts';
import { leaseSyscalls, plainSyscalls } from './syscallActions.ts';
import { rdmaSyscalls } from './rdmaActions.ts';
import { passSyscalls } from './passActions.ts';
import { forkActions } from './forkActions.ts';
import { kernelSteps } from './kernelActions.ts';
import { adminActions } from './adminActions.ts';
import { daxProperties } from './properties.ts';
import { explainStuck } from './explainStuck.ts';
import { daxPresentation } from './present.ts';
import { daxSymmetry } from './symmetry.ts';

/**
 * The default scope: two processes (so SCM_RIGHTS and "another process" exist), one DAX file of one
 * block (a freed block can be reused by another file), two MR slots (so a second pin can be
 * attempted, case 6), and two data fds (so dup exists, case 9). All nine named cases are reachable in it.
 */
export const DAX_PARAMS = {
  processes: { default: 2, min: 1, max: 4, description: 'processes (A, B, ...), each with its own data-file opens and RDMA context' },
  files: { default: 1, min: 1, max: 3, description: 'DAX files (d, e, f), each with its own layout lease' },
  blocks: { default: 1, min: 1, max: 3, description: 'blocks per DAX file' },
  spare: { default: 0, min: 0, max: 3, description: 'spare physical blocks, free at the start' },
  mrs: { default: 2, min: 1, max: 3, description: 'memory-region slots' },
  fds: { default: 2, min: 1, max: 2, description: 'fds per process per data file (2: fd10 and its dup fd11; fd12/13 for e)' },
  // Kernel behaviours the thread argues about, off by default (docs/dax-model.md, "Scope options").
  threads: { default: 0, min: 0, max: 1, description: '1: a second thread per process; ibv_reg_mr\'s lease check and its pin are separate steps' },
  fork: { default: 0, min: 0, max: 1, description: '1: fork(), the child inherits every fd (the leased one, the RDMA context) and the mapping' },
  inflight: { default: 0, min: 0, max: 1, description: '1: SCM_RIGHTS of an RDMA context is queued in a socket, received later or never' },
  lastRef: { default: 0, min: 0, max: 1, description: '1: the lease goes at the last reference (__fput: fds and mappings), not the last fd' },
  asyncDereg: { default: 0, min: 0, max: 1, description: '1: the MRs of a released RDMA context are deregistered later, by deferred kernel work' },
  punch: { default: 0, min: 0, max: 1, description: '1: hole punch of one block, and writes that re-extend a file into a hole' },
  passData: { default: 0, min: 0, max: 1, description: '1: SCM_RIGHTS of a data-file fd (received at fd 20), and forwarding a received context' },
  reopen: { default: 0, min: 0, max: 1, description: '1: open() again while the previous open file description is still referenced' },
} as const;

/** The DAX model at one scope under one setting of the eight knobs. */
export function daxModel(scope: Scope, knobs: Knobs): SystemModel {
  const n = namesFor(scope);
  // The registry maps each action back to its operation (for the recovery property's fairness).
  const variants = new VariantRegistry();
  return {
    actors: actorsFor(n),
    actions: actionsFor(n, knobs, variants),
    properties: daxProperties(n, knobs, variants),
    explainStuck: (s) => explainStuck(s, n),
    // A stuck state is a finding of the liveness properties, not a deadlock: processes stop by choice.
    checkDeadlock: false,
    // Processes, files and MR slots are interchangeable (the safety properties quantify over all of
    // them; the liveness property no-unkillable-close names A, so the checker keeps symmetry off when it
    // is checked). See daxSymmetry for what names a file.
    symmetry: daxSymmetry(n),
  };
}

/**
 * The FS-DAX layout-lease model: the seven designs of the 2019 thread as variants, the eight rule
 * knobs, the scope, and how its reports speak (present.ts). Specs/dax.model.ts exports it.
 */
export const dax = defineSystem({
  name: 'dax',
  description: 'FS-DAX layout leases and long-term RDMA pins: the designs of the 2019 "RDMA/FS DAX truncate" thread',
  // Worker threads import this module and take `dax`, then set the variant's knobs.
  origin: { module: import.meta.url, export: 'dax' },
  params: DAX_PARAMS,
  knobs: Object.fromEntries(KNOB_NAMES.map((k) => [k, { values: KNOBS[k].values, doc: KNOBS[k].doc }])) as { [K in keyof typeof KNOBS]: { values: (typeof KNOBS)[K]['values']; doc: string } },
  variants: DESIGNS.map((d) => ({ id: d.id, title: d.title, source: d.source, knobs: d.knobs })),
  build: (scope, knobs) => daxModel(scope, knobs as Knobs),
  present: daxPresentation,
});

/** The DAX system of one design (its id and title kept), with `knobs` set (what-if overrides). */
export function daxSystem(design: Design, knobs: Knobs = design.knobs): { system: System } {
  const base = DESIGNS.some((d) => d.id === design.id) ? withVariant(dax, design.id) : dax;
  return { system: withKnobs(base, knobs) };
}

function actorsFor(n: Names) {
  const actors: Record<string, { machine: any; input?: unknown }> = {};
  const nb = n.blocks.length;
  for (const p of n.procs) actors[p] = { machine: processMachine, input: n.opt.threads ? { name: p, threads: 2 } : { name: p } };
  for (const p of n.procs) for (const f of n.files) for (const sf of ownOpens(n, p, f)) actors[sf] = { machine: openFileMachine, input: { name: sf, kind: 'data' } };
  for (const p of n.procs) actors[ctxOf(p)] = { machine: openFileMachine, input: { name: ctxOf(p), kind: 'rdma' } };
  for (const f of n.files) actors[leaseOf(f)] = { machine: leaseMachine, input: { file: f } };
  for (const m of n.mrs) actors[m] = { machine: mrMachine, input: { name: m } };
  n.files.forEach((f, i) => (actors[f] = { machine: daxFileMachine, input: { name: f, blocks: n.blocks.map((b) => i * nb + b) } }));
  const owner = n.phys.map((b) => (b < n.files.length * nb ? `${n.files[Math.floor(b / nb)]}[${b % nb}]` : 'free'));
  actors.blocks = { machine: blockAllocatorMachine, input: { owner } };
  actors.admin = { machine: adminMachine };
  if (n.opt.inflight) actors[SOCKET] = { machine: socketMachine };
  return actors;
}

function actionsFor(n: Names, k: Knobs, reg: VariantRegistry): JointAction<any>[] {
  return [
    ...plainSyscalls(n, k, reg),
    ...leaseSyscalls(n, k, reg),
    ...rdmaSyscalls(n, k, reg),
    ...passSyscalls(n, k, reg),
    ...(n.opt.fork ? forkActions(n, reg) : []),
    ...closeActions(n, k, reg),
    ...kernelSteps(n, k, reg),
    ...adminActions(n, k, reg),
  ];
}

export type { Property };
