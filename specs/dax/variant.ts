import type { JointAction, Params } from '../../src/index.ts';

/** What a syscall or kernel step did, as a scenario reports it. */
export type Outcome = 'ok' | 'blocks' | 'returns' | string;

export interface VariantInfo {
  /** The operation a scenario line names (open, close, F_SETLEASE, ibv_reg_mr, truncate, ...). */
  op: string;
  outcome: Outcome;
  /** Kernel steps happen by themselves; user steps are what a scenario asks for. */
  who: 'user' | 'kernel' | 'admin';
}

/**
 * One outcome of an operation as its own joint action: `close(fd10)` is several actions (shared fd,
 * last close, last close that zombifies the lease, last close that blocks), whose guards are exclusive.
 * The registry maps each action name back to the operation and outcome for scenarios and reports.
 */
export class VariantRegistry {
  readonly info = new Map<string, VariantInfo>();

  add<P extends Params>(op: string, outcome: Outcome, who: VariantInfo['who'], action: Omit<JointAction<P>, 'name'> & { name?: string }): JointAction<P> {
    const name = action.name ?? (outcome === 'ok' ? op : `${op}/${outcome}`);
    if (this.info.has(name)) throw new Error(`bug: two DAX actions named ${name}`);
    this.info.set(name, { op, outcome, who });
    return { ...action, name, op, outcome } as JointAction<P>;
  }
}
