import type { GlobalState, Presentation, ScenarioStep } from '../../src/index.ts';
import { explanationFor } from './explanations.ts';
import { daxLanes } from './lanes.ts';
import { namesFor } from './names.ts';
import { daxStep, selectorFor } from './scenario/select.ts';

/**
 * How the DAX model's reports speak: designs, the thread's explanation of every violated cell,
 * sequence diagrams with process, filesystem and RDMA lanes, and the nine named cases written in the
 * syscall language of specs/scenarios (`A: ibv_reg_mr fd15 block 0 -> mr0`).
 */
export const daxPresentation: Presentation = {
  variantWord: 'design',
  title: 'leasecheck: the layout-lease designs compared',
  intro: [
    'Seven answers from the 2019 "RDMA/FS DAX truncate" thread to one question: how can an RDMA NIC keep long-term pins on FS-DAX file blocks without a truncate freeing a block it is still writing to? Each design is a preset of the model\'s knobs; each column is a property checked over every reachable state at this scope.',
  ],
  explain: ({ variant, property }) => explanationFor(variant, property),
  lanes: daxLanes,
  scenarios: {
    dir: new URL('../scenarios/', import.meta.url),
    select: (step, scope) => {
      const sel = selectorFor(daxStep(step), namesFor(scope).procs);
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
    },
    openFile: {
      name: { hidden: true },
      kind: { hidden: true },
      fds: { description: 'how many fds, in any process, refer to this struct file (dup and SCM_RIGHTS add to it)' },
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
      filePin: { label: 'file_pin', description: 'the data file\'s struct file the file_pin refers to (Ira Weiny, Aug 16: it keeps a zombie lease alive)' },
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
  if (where === 'closeWait' || where === 'exitCloseWait') return `${step.who} is blocked in close()`;
  if (where === 'dead') return `${step.who} is dead`;
  if ((snap.context as { killed?: boolean })?.killed && where === 'running') return `${step.who} has a fatal signal pending; it runs no more syscalls`;
  return `not possible in this state (${step.who} is ${where})`;
}
