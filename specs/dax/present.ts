import type { GlobalState, Presentation, ScenarioStep } from '../../src/index.ts';
import { explanationFor } from './explanations.ts';
import { daxLanes } from './lanes.ts';
import { namesFor } from './names.ts';
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
