import { assign, setup } from 'xstate';

/** fd number -> the struct file (open file description) it refers to, e.g. { 10: 'A.d', 15: 'A.ctx' }. */
export type FdTable = Readonly<Record<string, string>>;

export interface ProcessContext {
  name: string;
  /** SIGKILL received (pending until the process reaches the kernel's signal delivery, or acted on). */
  killed: boolean;
  fds: FdTable;
  /** The struct file of the one mapping (vma) of the data file, or null. */
  mapped: string | null;
  /** The fd whose close is blocked, while in a closeWait state. */
  closing: number | null;
}

export type ProcessEvent =
  | { type: 'open'; fd: number; file: string }
  | { type: 'dup'; from: number; to: number }
  | { type: 'close'; fd: number }
  | { type: 'closeBlocks'; fd: number }
  | { type: 'closeReturns' }
  | { type: 'mmap'; fd: number }
  | { type: 'munmap' }
  | { type: 'F_SETLEASE' }
  | { type: 'F_UNLCK' }
  | { type: 'ibv_reg_mr' }
  | { type: 'ibv_dereg_mr' }
  | { type: 'sendmsg' }
  | { type: 'recvmsg'; fd: number; file: string }
  | { type: 'syscallFails' }
  | { type: 'exit' }
  | { type: 'SIGKILL' }
  | { type: 'deliverFatalSignal' }
  | { type: 'reaped' };

const withoutFd = (fds: FdTable, fd: number): FdTable => {
  const next: Record<string, string> = { ...fds };
  delete next[String(fd)];
  return next;
};

/**
 * A process: runs syscalls while `running` with no fatal signal; `exiting` is do_exit closing its fds
 * one by one in any order (Jason Gunthorpe, Aug 21: "The order FD's are closed during sigkill is not
 * deterministic"); a close may block (Dave Chinner, Aug 17) in closeWait (from a syscall) or
 * exitCloseWait (on the exit path). The mapping is dropped when exit starts (exit_mm runs before
 * exit_files).
 */
export const processMachine = setup({
  types: {
    context: {} as ProcessContext,
    events: {} as ProcessEvent,
    input: {} as { name: string },
  },
  guards: {
    userMayRun: ({ context }) => !context.killed,
    userFdFree: ({ context, event }) => !context.killed && 'fd' in event && context.fds[String(event.fd)] === undefined,
    userFdOpen: ({ context, event }) => !context.killed && 'fd' in event && context.fds[String(event.fd)] !== undefined,
    fdOpen: ({ context, event }) => 'fd' in event && context.fds[String(event.fd)] !== undefined,
    canDup: ({ context, event }) =>
      event.type === 'dup' && !context.killed && context.fds[String(event.from)] !== undefined && context.fds[String(event.to)] === undefined,
    canMmap: ({ context, event }) =>
      event.type === 'mmap' && !context.killed && context.mapped === null && context.fds[String(event.fd)] !== undefined,
    isMapped: ({ context }) => !context.killed && context.mapped !== null,
    killed: ({ context }) => context.killed,
    notKilled: ({ context }) => !context.killed,
    noFds: ({ context }) => Object.keys(context.fds).length === 0,
  },
  actions: {
    addFd: assign({
      fds: ({ context, event }) =>
        event.type === 'open' || event.type === 'recvmsg' ? { ...context.fds, [String(event.fd)]: event.file } : context.fds,
    }),
    dupFd: assign({
      fds: ({ context, event }) => (event.type === 'dup' ? { ...context.fds, [String(event.to)]: context.fds[String(event.from)] } : context.fds),
    }),
    removeFd: assign({
      fds: ({ context, event }) => ('fd' in event ? withoutFd(context.fds, event.fd) : context.fds),
    }),
    startBlockedClose: assign({
      fds: ({ context, event }) => ('fd' in event ? withoutFd(context.fds, event.fd) : context.fds),
      closing: ({ event }) => ('fd' in event ? event.fd : null),
    }),
    endBlockedClose: assign({ closing: null }),
    map: assign({ mapped: ({ context, event }) => (event.type === 'mmap' ? context.fds[String(event.fd)] : context.mapped) }),
    unmap: assign({ mapped: null }),
    markKilled: assign({ killed: true }),
  },
}).createMachine({
  id: 'process',
  context: ({ input }) => ({ name: input.name, killed: false, fds: {}, mapped: null, closing: null }),
  initial: 'running',
  on: {
    // An admin's kill -9 reaches a process in any state but dead.
    SIGKILL: { guard: 'notKilled', actions: 'markKilled' },
  },
  states: {
    running: {
      on: {
        open: { guard: 'userFdFree', actions: 'addFd' },
        recvmsg: { guard: 'userFdFree', actions: 'addFd' },
        dup: { guard: 'canDup', actions: 'dupFd' },
        close: { guard: 'userFdOpen', actions: 'removeFd' },
        closeBlocks: { guard: 'userFdOpen', target: 'closeWait', actions: 'startBlockedClose' },
        mmap: { guard: 'canMmap', actions: 'map' },
        munmap: { guard: 'isMapped', actions: 'unmap' },
        // Syscalls whose effect is on other kernel objects; the process only has to be able to run.
        F_SETLEASE: { guard: 'userMayRun', target: 'running' },
        F_UNLCK: { guard: 'userMayRun', target: 'running' },
        ibv_reg_mr: { guard: 'userMayRun', target: 'running' },
        ibv_dereg_mr: { guard: 'userMayRun', target: 'running' },
        sendmsg: { guard: 'userMayRun', target: 'running' },
        syscallFails: { guard: 'userMayRun', target: 'running' },
        exit: { guard: 'userMayRun', target: 'exiting', actions: 'unmap' },
        deliverFatalSignal: { guard: 'killed', target: 'exiting', actions: 'unmap' },
      },
    },
    closeWait: {
      on: { closeReturns: { target: 'running', actions: 'endBlockedClose' } },
    },
    exiting: {
      on: {
        close: { guard: 'fdOpen', actions: 'removeFd' },
        closeBlocks: { guard: 'fdOpen', target: 'exitCloseWait', actions: 'startBlockedClose' },
        reaped: { guard: 'noFds', target: 'dead' },
      },
    },
    exitCloseWait: {
      on: { closeReturns: { target: 'exiting', actions: 'endBlockedClose' } },
    },
    dead: { type: 'final' },
  },
});
