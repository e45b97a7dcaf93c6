import type { GlobalState, Presentation, ScenarioStep } from '../../src/index.ts';
import { explanationFor } from './explanations.ts';
import { daxLanes } from './lanes.ts';
import { namesFor } from './names.ts';
import { threadFlipsText } from './threadFlips.ts';
import { daxStep, selectorFor } from './scenario/select.ts';

/**
 * How the DAX model's reports speak: designs, the thread's explanation of every violated cell,
 * sequence diagrams with process, filesystem and RDMA lanes, and the named cases (the thread's nine and
 * issue 17's thirteen) written in the syscall language of specs/scenarios (`A: ibv_reg_mr fd15 block 0 -> mr0`).
 */
export const daxPresentation: Presentation = {
  variantWord: 'design',
  title: 'leasecheck: the layout-lease designs compared',
  intro: [
    'Seven answers from the 2019 "RDMA/FS DAX truncate" thread to one question: how can an RDMA NIC keep long-term pins on FS-DAX file blocks without a truncate freeing a block it is still writing to? Each design is a preset of the model\'s knobs; each column is a property checked over every reachable state at this scope.',
    'blocking-close-killable and blocking-close-no-pass show the same state count and verdicts because at two processes their state spaces are identical: no-pass refuses SCM_RIGHTS of a pinned context, but every state reached by passing the context after pinning is also reached by passing it before pinning, which no-pass allows. With a third process they differ (24,454,282 and 24,317,418 orbits under symmetry; docs/reductions.md).',
    threadFlipsText(),
    'With a second file or a third process, every safety verdict stays as in this table, with the same counterexample lengths: every design\'s safety properties were decided at files=2 and at processes=3 (`leasecheck check specs/dax.model.ts --design D --scope files=2 --safety-only --symmetry`, symmetry over processes, files and MR slots; each in under 10 minutes, zombie-lease-v1 with `--prove --workers 2`), and no-truncate-of-pinned still holds in every design but unprotected. The liveness properties were checked at processes=3 for zombie-lease and blocking-close (`--scope processes=3 --symmetry`: process A, which no-unkillable-close is about, stays fixed while the other processes and the MR slots are exchanged; 17 minutes each): both keep this table\'s verdicts, and Jan Kara\'s deadlock is still there in blocking-close. docs/reductions.md has the figures.',
  ],
  explain: ({ variant, property }) => explanationFor(variant, property),
  lanes: daxLanes,
  scenarios: {
    dir: new URL('../scenarios/', import.meta.url),
    select: (step, scope) => {
      const sel = selectorFor(daxStep(step), namesFor(scope));
      return (i) => sel.ops.includes(i.op) && (!sel.names || sel.names.includes(i.action)) && sel.accepts(i.params);
    },
    whyImpossible,
  },
  fields: {
    process: {
      name: { hidden: true },
      killed: { description: 'SIGKILL received: pending until the process reaches signal delivery, then acted on' },
      fds: { description: 'fd number -> the struct file (open file description) it refers to' },
      mapped: { description: 'the struct file of the process\'s one DAX mapping (mmap), or null' },
      closing: { description: 'the fd whose close() is blocked (Dave Chinner, Aug 17: the last close waits for the pins)' },
      releasing: { description: 'the struct file whose last release a thread is blocked in (close, or with lastRef munmap or exit)' },
      pinning: { label: 'pin in flight', description: 'a thread is inside ibv_reg_mr between the lease check and the pin (scope threads=1)' },
      threads: { hidden: true },
    },
    openFile: {
      name: { hidden: true },
      kind: { hidden: true },
      refs: { description: 'references to this struct file: fds in any process (dup, SCM_RIGHTS and fork add to them); with the scope options also mappings, a syscall in flight, a queued SCM_RIGHTS message' },
    },
    socket: {
      file: { label: 'queued', description: 'the RDMA context an SCM_RIGHTS message carries while no process holds it (scope inflight=1)' },
      to: { label: 'to', description: 'the process that may receive it; its exit purges the message' },
    },
    lease: {
      file: { hidden: true },
      attachedTo: { label: 'attached to', description: 'the struct file the layout lease hangs off (Dave Chinner, Aug 26: it follows the struct file)' },
      owner: { description: 'the process that took the lease (it holds the right to pin)' },
    },
    mr: {
      name: { hidden: true },
      ctx: { label: 'context', description: 'the RDMA context (struct file) that owns the memory region' },
      file: { description: 'the DAX file whose block the MR pins' },
      block: { description: 'the logical block of that file it pins' },
      phys: { label: 'phys block', description: 'the physical block the pin holds: the memory the NIC writes to, whoever owns it now' },
      filePin: { label: 'file_pin', description: 'the data file\'s struct file the file_pin refers to (Ira Weiny, Aug 16: it keeps a zombie lease alive); the lease on it is the one the pin was taken under' },
      by: { label: 'pinning process', description: 'while the pin is in flight (scope threads=1): the process whose thread passed the lease check' },
    },
    daxFile: {
      name: { hidden: true },
      blocks: { description: 'logical block -> physical block of the file (null: a hole)' },
    },
    blockAllocator: {
      owner: { label: 'owner of each physical block', description: 'physical block -> who owns it: d[0] (file d, logical block 0), free, or other (another file\'s data)' },
    },
    admin: {
      waitingOn: { label: 'waiting on', description: 'what the admin\'s truncate waits for, if it waits' },
    },
  },
};

/** A short reason a process cannot do what the line asks. */
function whyImpossible(s: GlobalState, step: ScenarioStep): string | undefined {
  const snap = s[step.who];
  if (!snap) return undefined;
  const where = String(snap.value);
  const ctx = snap.context as { threads?: number; pinning?: boolean };
  if ((where === 'closeWait' && (ctx.threads ?? 1) < 2) || where === 'exitCloseWait') return `${step.who} is blocked in close()`;
  if (where === 'closeWait') return `${step.who} is blocked in close(), and its other thread is busy or killed`;
  if (ctx.pinning && where === 'running') return `${step.who} has a pin in flight (its other thread is inside ibv_reg_mr)`;
  if (where === 'dead') return `${step.who} is dead`;
  if ((snap.context as { killed?: boolean })?.killed && where === 'running') return `${step.who} has a fatal signal pending; it runs no more syscalls`;
  return `not possible in this state (${step.who} is ${where})`;
}
