import { LeasecheckError, type Params, type ScenarioStep as Line } from '../../../src/index.ts';
import { ctxOf } from '../names.ts';

/** A scenario line in the DAX language: who does which operation, with the arguments as written. */
interface ScenarioStep {
  line: number;
  text: string;
  who: string;
  op: string;
  args: string[];
}

/** A scenario line as the checker parsed it (`A: close fd10`), split into operation and arguments. */
export const daxStep = (l: Line): ScenarioStep => ({ line: l.line, text: l.text, who: l.who, op: l.words[0] ?? '', args: l.words.slice(1) });

/** Which joint-action instances a scenario line may mean: variant operations, and a test on parameters. */
export interface Selector {
  ops: string[];
  /** When set, only these action names (e.g. open:data vs open:rdma). */
  names?: string[];
  accepts: (params: Params) => boolean;
}

const fdArg = (step: ScenarioStep, i = 0): number => {
  const m = /^fd(\d+)$/.exec(step.args[i] ?? '');
  if (!m) throw bad(step, `expected an fd such as fd10 after ${step.op}`);
  return Number(m[1]);
};

function bad(step: ScenarioStep, why: string): LeasecheckError {
  return new LeasecheckError('LC041', `line ${step.line} "${step.text}": ${why}`);
}

/** `-> mr1` / `block 0` style optional arguments. */
function option(step: ScenarioStep, word: string, pattern: RegExp): string | undefined {
  const i = step.args.indexOf(word);
  if (i < 0) return undefined;
  const v = step.args[i + 1] ?? '';
  if (!pattern.test(v)) throw bad(step, `"${word}" must be followed by ${pattern.source}`);
  return v;
}

/** The RDMA context an fd means for process p: fd15 its own, fd16 one received from another process. */
const ctxTest = (p: string, fd: number) => (params: Params) => (fd === 15 ? params.ctx === ctxOf(p) : params.ctx !== ctxOf(p));

/**
 * Translates one scenario line into a selector. Processes write `A: op ...`; `admin:` kills,
 * truncates; `other:` writes; kernel steps of a process are written as the process's own lines
 * (`A: deliver SIGKILL`, `A: exit-close fd10`, `A: close-returns`, `A: reaped`).
 */
export function selectorFor(step: ScenarioStep, procs: string[]): Selector {
  const { who: p, op, args } = step;
  const is = (extra: (params: Params) => boolean = () => true) => (params: Params) => (params.p === undefined || params.p === p) && extra(params);
  if (p === 'admin') {
    if (op === 'kill') {
      const target = args[0];
      if (!procs.includes(target)) throw bad(step, `no process ${target} in this scope (processes: ${procs.join(', ')})`);
      return { ops: ['SIGKILL'], accepts: (x) => x.p === target };
    }
    if (op === 'truncate') {
      const file = args[0] ?? 'd';
      return { ops: ['truncate'], accepts: (x) => x.file === undefined || x.file === file };
    }
    if (op === 'truncate-returns') return { ops: ['truncate wait ends', 'truncate wait interrupted'], accepts: () => true };
    throw bad(step, `admin can "kill P", "truncate d" or "truncate-returns"`);
  }
  if (p === 'other') {
    if (op === 'write') return { ops: ['write'], accepts: () => true };
    throw bad(step, `other can only "write"`);
  }
  if (!procs.includes(p)) throw bad(step, `no process ${p} in this scope (processes: ${procs.join(', ')})`);
  switch (op) {
    case 'open':
      if (args[0] === 'uverbs') return { ops: ['open'], names: ['open:rdma'], accepts: is() };
      if (/^[d-h]$/.test(args[0] ?? '')) return { ops: ['open'], names: ['open:data'], accepts: is((x) => x.file === args[0]) };
      throw bad(step, 'open takes a DAX file (d, or e, f with --scope files=2, 3) or "uverbs" (an RDMA context)');
    case 'dup':
      return { ops: ['dup'], accepts: is() };
    case 'F_SETLEASE':
    case 'F_UNLCK':
    case 'mmap': {
      const fd = fdArg(step);
      return { ops: [op], accepts: is((x) => x.fd === undefined || x.fd === fd) };
    }
    case 'munmap':
    case 'exit':
    case 'reaped':
      return { ops: [op], accepts: is() };
    case 'deliver':
      return { ops: ['deliver SIGKILL'], accepts: is() };
    case 'close-returns':
      return { ops: ['close wait ends', 'close wait killed'], accepts: is() };
    case 'ibv_reg_mr': {
      const fd = fdArg(step);
      const mr = option(step, '->', /^mr\d+$/);
      const block = option(step, 'block', /^\d+$/);
      return {
        ops: ['ibv_reg_mr'],
        accepts: is((x) => (x.ctx === undefined || ctxTest(p, fd)(x)) && (mr === undefined || x.mr === undefined || x.mr === mr) && (block === undefined || x.block === undefined || x.block === Number(block))),
      };
    }
    case 'ibv_dereg_mr': {
      const mr = args[0];
      if (!/^mr\d+$/.test(mr ?? '')) throw bad(step, 'ibv_dereg_mr takes an MR such as mr0');
      return { ops: ['ibv_dereg_mr'], accepts: is((x) => x.mr === mr) };
    }
    case 'close':
    case 'exit-close': {
      const fd = fdArg(step);
      const ops = [op];
      return { ops, accepts: is((x) => (x.fd !== undefined ? x.fd === fd : x.ctx !== undefined && (fd === 15 || fd === 16) && ctxTest(p, fd)(x))) };
    }
    case 'sendmsg': {
      const to = option(step, 'to', /^[A-Z]$/);
      if (!to) throw bad(step, 'sendmsg takes "fd15 to B"');
      return { ops: ['sendmsg'], accepts: is((x) => x.to === to) };
    }
    default:
      throw bad(step, `unknown operation "${op}"`);
  }
}
