import { LeasecheckError, type Params, type ScenarioStep as Line } from '../../../src/index.ts';
import { ctxOf, type Names } from '../names.ts';

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

/**
 * The fd numbers a process can hold at this scope: its own opens of each file and their dups, the RDMA
 * contexts (15 its own, 16 a received one), and with passData the received data fds.
 */
const fdsOf = (n: Names) => [...new Set([...n.dataFds, n.ownCtxFd, n.receivedCtxFd, ...n.receivedDataFds])].sort((a, b) => a - b);

const fdArg = (step: ScenarioStep, n: Names, i = 0): number => {
  const m = /^fd(\d+)$/.exec(step.args[i] ?? '');
  if (!m) throw bad(step, `expected an fd such as fd10 after ${step.op}`);
  const fd = Number(m[1]);
  // A number no process can hold here is a typo or a wrong scope, not a step this design refuses.
  const fds = fdsOf(n);
  if (!fds.includes(fd)) throw bad(step, `no fd ${fd} at this scope (fds: ${fds.join(', ')})`);
  return fd;
};

/** An MR, a file or a block named in a step must exist at the scenario's scope. */
function inScope(step: ScenarioStep, what: string, value: string, known: readonly (string | number)[]): void {
  // Numbers as numbers: "block 01" is block 1.
  const same = (k: string | number) => (typeof k === 'number' ? /^\d+$/.test(value) && Number(value) === k : k === value);
  if (!known.some(same)) throw bad(step, `no ${what} ${value} at this scope (${what}s: ${known.join(', ')})`);
}

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

/**
 * Whether an action instance of process p is about fd `fd`: its `fd` parameter, or, where the model names
 * a context without its fd (names.ts ctxParam), the context's: fd 15 is p's own, fd 16 another's; an
 * instance naming neither (sendmsg of p's own context) is about fd 15.
 */
const atFd = (p: string, fd: number) => (x: Params) =>
  x.fd !== undefined ? x.fd === fd : x.ctx !== undefined ? (fd === 15 ? x.ctx === ctxOf(p) : fd === 16 && x.ctx !== ctxOf(p)) : fd === 15;

/** `d block 1` after an operation: the file and the block. */
function fileBlock(step: ScenarioStep, n: Names): { file: string; block: number } {
  const file = step.args[0] ?? '';
  if (!/^[d-h]$/.test(file)) throw bad(step, `${step.op} takes a DAX file and a block, e.g. "${step.op} d block 1"`);
  const block = option(step, 'block', /^\d+$/);
  if (block === undefined) throw bad(step, `${step.op} takes a DAX file and a block, e.g. "${step.op} d block 1"`);
  inScope(step, 'file', file, n.files);
  inScope(step, 'block', block, n.blocks);
  return { file, block: Number(block) };
}

/** `mr0` as an operation's argument: well formed, and one of this scope's MR slots. */
function mrArg(step: ScenarioStep, n: Names, usage: string): string {
  const mr = step.args[0] ?? '';
  if (!/^mr\d+$/.test(mr)) throw bad(step, usage);
  inScope(step, 'MR', mr, n.mrs);
  return mr;
}

/**
 * Translates one scenario line into a selector. Processes write `A: op ...`; `admin:` kills,
 * truncates and punches; `other:` writes; `kernel:` is deferred kernel work; kernel steps of a process
 * are written as the process's own lines (`A: deliver SIGKILL`, `A: exit-close fd10`, `A: close-returns`,
 * `A: pin`, `A: reaped`).
 */
export function selectorFor(step: ScenarioStep, names: Names): Selector {
  const { who: p, op, args } = step;
  const { procs } = names;
  const is = (extra: (params: Params) => boolean = () => true) => (params: Params) => (params.p === undefined || params.p === p) && extra(params);
  if (p === 'kernel') {
    if (op === 'dereg') {
      const mr = mrArg(step, names, 'kernel: dereg takes an MR such as mr0 (the deferred deregistration, asyncDereg=1)');
      return { ops: ['dereg'], accepts: (x) => x.mr === mr };
    }
    throw bad(step, 'kernel can only "dereg mrN" (the deferred deregistration, asyncDereg=1)');
  }
  if (p === 'admin') {
    if (op === 'kill') {
      const target = args[0];
      if (!procs.includes(target)) throw bad(step, `no process ${target} in this scope (processes: ${procs.join(', ')})`);
      return { ops: ['SIGKILL'], accepts: (x) => x.p === target };
    }
    if (op === 'truncate') {
      const file = args[0] ?? 'd';
      inScope(step, 'file', file, names.files);
      return { ops: ['truncate'], accepts: (x) => x.file === undefined || x.file === file };
    }
    if (op === 'punch') {
      const { file, block } = fileBlock(step, names);
      return { ops: ['punch'], accepts: (x) => x.file === file && x.block === block };
    }
    if (op === 'truncate-returns') return { ops: ['truncate wait ends', 'truncate wait interrupted'], accepts: () => true };
    throw bad(step, `admin can "kill P", "truncate d", "punch d block N" or "truncate-returns"`);
  }
  if (p === 'other') {
    if (op === 'write') return { ops: ['write'], names: ['write:other'], accepts: () => true };
    if (op === 'extend') {
      const { file, block } = fileBlock(step, names);
      return { ops: ['write'], names: ['write:extend'], accepts: (x) => x.file === file && x.block === block };
    }
    throw bad(step, `other can "write" (another file reuses a free block) or "extend d block N" (punch=1)`);
  }
  if (p === '') throw bad(step, `a step reads "WHO: operation", e.g. "A: open d"`);
  if (!procs.includes(p)) throw bad(step, `no process ${p} in this scope (processes: ${procs.join(', ')})`);
  switch (op) {
    case 'open':
      if (args[0] === 'uverbs') return { ops: ['open'], names: ['open:rdma'], accepts: is() };
      if (/^[d-h]$/.test(args[0] ?? '')) {
        inScope(step, 'file', args[0], names.files);
        return { ops: ['open'], names: ['open:data'], accepts: is((x) => x.file === args[0]) };
      }
      throw bad(step, 'open takes a DAX file (d, or e, f with --scope files=2, 3) or "uverbs" (an RDMA context)');
    case 'dup':
      return { ops: ['dup'], accepts: is() };
    case 'F_SETLEASE':
    case 'F_UNLCK':
    case 'mmap': {
      const fd = fdArg(step, names);
      return { ops: [op], accepts: is((x) => x.fd === undefined || x.fd === fd) };
    }
    case 'munmap':
    case 'exit':
    case 'reaped':
    case 'recvmsg':
    case 'exit-unmap':
    case 'exit-purge':
    case 'pin':
      return { ops: [op], accepts: is() };
    case 'fork': {
      const child = args[0];
      if (!procs.includes(child ?? '')) throw bad(step, `fork takes the child, a process of this scope (processes: ${procs.join(', ')})`);
      return { ops: ['fork'], accepts: is((x) => x.q === child) };
    }
    case 'deliver':
      return { ops: ['deliver SIGKILL'], accepts: is() };
    case 'close-returns':
      return { ops: ['close wait ends', 'close wait killed'], accepts: is() };
    case 'ibv_reg_mr': {
      const fd = fdArg(step, names);
      const mr = option(step, '->', /^mr\d+$/);
      const block = option(step, 'block', /^\d+$/);
      if (mr !== undefined) inScope(step, 'MR', mr, names.mrs);
      if (block !== undefined) inScope(step, 'block', block, names.blocks);
      return {
        ops: ['ibv_reg_mr'],
        accepts: is((x) => (x.ctx === undefined || atFd(p, fd)(x)) && (mr === undefined || x.mr === undefined || x.mr === mr) && (block === undefined || x.block === undefined || x.block === Number(block))),
      };
    }
    case 'ibv_dereg_mr': {
      const mr = mrArg(step, names, 'ibv_dereg_mr takes an MR such as mr0');
      return { ops: ['ibv_dereg_mr'], accepts: is((x) => x.mr === mr) };
    }
    case 'close':
    case 'exit-close': {
      const fd = fdArg(step, names);
      return { ops: [op], accepts: is(atFd(p, fd)) };
    }
    case 'sendmsg': {
      const fd = fdArg(step, names);
      const to = option(step, 'to', /^[A-Z]$/);
      if (!to) throw bad(step, 'sendmsg takes an fd and a receiver, e.g. "sendmsg fd15 to B"');
      if (!procs.includes(to)) throw bad(step, `no process ${to} in this scope (processes: ${procs.join(', ')})`);
      return { ops: ['sendmsg'], accepts: is((x) => x.to === to && atFd(p, fd)(x)) };
    }
    default:
      throw bad(step, `unknown operation "${op}"`);
  }
}
