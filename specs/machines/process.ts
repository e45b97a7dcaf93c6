import { assign, setup } from 'xstate';

/** fd number -> the struct file (open file description) it refers to, e.g. { 10: 'A.d', 15: 'A.ctx' }. */
export type FdTable = Readonly<Record<string, string>>;

export interface ProcessContext {
  name: string;
  /** SIGKILL received (pending until the process reaches the kernel's signal delivery, or acted on). */
  killed: boolean;
  fds: FdTable;
  /** The struct file of the one mapping (vma) of a data file, or null. */
  mapped: string | null;
  /** The fd whose close is blocked, while a thread is blocked releasing a struct file from close(). */
  closing: number | null;
  /** The struct file whose release a thread is blocked in (from close, or with lastRef from munmap or exit). */
  releasing: string | null;
  /** A thread is inside ibv_reg_mr between the lease check and the pin (scope threads=1). */
  pinning: boolean;
  /** Threads of the process: 1, or 2 with scope threads=1. A constant of the scope. */
  threads: number;
}

export type ProcessEvent =
  | { type: 'open'; fd: number; file: string }
  | { type: 'dup'; from: number; to: number }
  | { type: 'close'; fd: number }
  | { type: 'closeBlocks'; fd: number; file: string }
  | { type: 'closeReturns' }
  | { type: 'mmap'; fd: number }
  | { type: 'munmap' }
  | { type: 'munmapBlocks'; file: string }
  | { type: 'F_SETLEASE' }
  | { type: 'F_UNLCK' }
  | { type: 'ibv_reg_mr' }
  | { type: 'pinStart' }
  | { type: 'pinDone' }
  | { type: 'ibv_dereg_mr' }
  | { type: 'sendmsg' }
  | { type: 'recvmsg'; fd: number; file: string }
  | { type: 'fork' }
  | { type: 'forked'; fds: FdTable; mapped: string | null }
  | { type: 'syscallFails' }
  | { type: 'exit'; keepMapping?: boolean }
  | { type: 'SIGKILL' }
  | { type: 'deliverFatalSignal'; keepMapping?: boolean }
  | { type: 'exitUnmap' }
  | { type: 'exitUnmapBlocks'; file: string }
  | { type: 'exitPurge' }
  | { type: 'reaped' };

type Args = { context: ProcessContext; event: ProcessEvent };

const withoutFd = (fds: FdTable, fd: number): FdTable => {
  const next: Record<string, string> = { ...fds };
  delete next[String(fd)];
  return next;
};
const fdOf = (e: ProcessEvent) => ('fd' in e ? String(e.fd) : '');
const hasFd = (c: ProcessContext, e: ProcessEvent) => 'fd' in e && c.fds[fdOf(e)] !== undefined;
const lacksFd = (c: ProcessContext, e: ProcessEvent) => 'fd' in e && c.fds[fdOf(e)] === undefined;

/**
 * A thread is free to enter a syscall. `running`: the one thread (or, with a second thread, the one not
 * pinning); `closeWait`: only with two threads, the one not blocked in close and not pinning.
 */
const freeRunning = ({ context }: Args) => !context.killed && (!context.pinning || context.threads > 1);
const freeBesideBlocked = ({ context }: Args) => !context.killed && context.threads > 1 && !context.pinning;

/**
 * The syscalls a free thread may run. In `running` every one; in `closeWait` (a second thread, while
 * the first is blocked in close) the same but for a second blocking release: the model allows one blocked
 * thread per process.
 */
function syscalls(free: (a: Args) => boolean, here: 'running' | 'closeWait') {
  const on = (guard: (a: Args) => boolean) => (a: Args) => free(a) && guard(a);
  // A transition counts as taken only with a target or actions: these stay where they are.
  const stay = { guard: free, target: here as string };
  return {
    open: { guard: on(({ context, event }) => lacksFd(context, event)), actions: 'addFd' as const },
    recvmsg: { guard: on(({ context, event }) => lacksFd(context, event)), actions: 'addFd' as const },
    dup: {
      guard: on(({ context, event }) => event.type === 'dup' && context.fds[String(event.from)] !== undefined && context.fds[String(event.to)] === undefined),
      actions: 'dupFd' as const,
    },
    close: { guard: on(({ context, event }) => hasFd(context, event)), actions: 'removeFd' as const },
    mmap: { guard: on(({ context, event }) => context.mapped === null && hasFd(context, event)), actions: 'map' as const },
    // munmap takes mmap_sem for write, so it waits for a pin in flight (GUP holds it for read).
    munmap: { guard: on(({ context }) => context.mapped !== null && !context.pinning), actions: 'unmap' as const },
    // Syscalls whose effect is on other kernel objects; the process only needs a free thread.
    F_SETLEASE: stay,
    F_UNLCK: stay,
    ibv_reg_mr: stay,
    ibv_dereg_mr: stay,
    sendmsg: stay,
    fork: stay,
    syscallFails: stay,
    pinStart: { guard: on(({ context }) => !context.pinning), actions: 'startPin' as const },
  };
}

/**
 * A process: runs syscalls while `running` with no fatal signal; `exiting` is do_exit closing its fds
 * one by one in any order (Jason Gunthorpe, Aug 21: "The order FD's are closed during sigkill is not
 * deterministic"); a close may block (Dave Chinner, Aug 17) in closeWait (from a syscall) or
 * exitCloseWait (on the exit path). The mapping is dropped when exit starts (exit_mm runs before
 * exit_files), or with lastRef as a kernel step of its own before the fds are closed.
 *
 * With two threads (scope threads=1) the other thread runs syscalls while one is blocked in close or
 * is inside ibv_reg_mr between the lease check and the pin; exit() from it kills the blocked thread
 * (exit_group), which then leaves its wait the way a SIGKILL would.
 */
export const processMachine = setup({
  types: {
    context: {} as ProcessContext,
    events: {} as ProcessEvent,
    input: {} as { name: string; threads?: number },
  },
  actions: {
    addFd: assign({
      fds: ({ context, event }) => (event.type === 'open' || event.type === 'recvmsg' ? { ...context.fds, [String(event.fd)]: event.file } : context.fds),
    }),
    dupFd: assign({
      fds: ({ context, event }) => (event.type === 'dup' ? { ...context.fds, [String(event.to)]: context.fds[String(event.from)] } : context.fds),
    }),
    removeFd: assign({ fds: ({ context, event }) => ('fd' in event ? withoutFd(context.fds, event.fd) : context.fds) }),
    map: assign({ mapped: ({ context, event }) => (event.type === 'mmap' ? context.fds[String(event.fd)] : context.mapped) }),
    unmap: assign({ mapped: null }),
    unmapUnlessKept: assign({ mapped: ({ context, event }) => ('keepMapping' in event && event.keepMapping ? context.mapped : null) }),
    startBlockedClose: assign({
      fds: ({ context, event }) => ('fd' in event ? withoutFd(context.fds, event.fd) : context.fds),
      closing: ({ event }) => ('fd' in event ? event.fd : null),
      releasing: ({ event }) => ('file' in event ? event.file : null),
    }),
    startBlockedUnmap: assign({ mapped: null, releasing: ({ event }) => ('file' in event ? event.file : null) }),
    endBlockedClose: assign({ closing: null, releasing: null }),
    markKilled: assign({ killed: true }),
    startPin: assign({ pinning: true }),
    endPin: assign({ pinning: false }),
    takeForkedTable: assign({
      fds: ({ event }) => (event.type === 'forked' ? event.fds : {}),
      mapped: ({ event }) => (event.type === 'forked' ? event.mapped : null),
    }),
  },
}).createMachine({
  id: 'process',
  context: ({ input }) => ({ name: input.name, killed: false, fds: {}, mapped: null, closing: null, releasing: null, pinning: false, threads: input.threads ?? 1 }),
  initial: 'running',
  on: {
    // An admin's kill -9 reaches a process in any state but dead.
    SIGKILL: { guard: ({ context }) => !context.killed, actions: 'markKilled' },
    // The pin in flight lands whatever the other thread did meanwhile (a kernel step of the process).
    pinDone: { guard: ({ context }) => context.pinning, actions: 'endPin' },
  },
  states: {
    running: {
      on: {
        ...syscalls(freeRunning, 'running'),
        closeBlocks: { guard: (a: Args) => freeRunning(a) && hasFd(a.context, a.event), target: 'closeWait', actions: 'startBlockedClose' },
        munmapBlocks: { guard: (a: Args) => freeRunning(a) && a.context.mapped !== null && !a.context.pinning, target: 'closeWait', actions: 'startBlockedUnmap' },
        // The child of a fork: a process slot with nothing open takes the parent's fd table and mapping.
        forked: {
          guard: ({ context }: Args) => !context.killed && !context.pinning && context.mapped === null && Object.keys(context.fds).length === 0,
          actions: 'takeForkedTable',
        },
        exit: { guard: freeRunning, target: 'exiting', actions: 'unmapUnlessKept' },
        deliverFatalSignal: { guard: ({ context }: Args) => context.killed, target: 'exiting', actions: 'unmapUnlessKept' },
      },
    },
    closeWait: {
      on: {
        ...syscalls(freeBesideBlocked, 'closeWait'),
        // exit_group from the other thread: the blocked thread gets SIGKILL.
        exit: { guard: freeBesideBlocked, actions: 'markKilled' },
        closeReturns: { target: 'running', actions: 'endBlockedClose' },
      },
    },
    exiting: {
      on: {
        close: { guard: ({ context, event }: Args) => hasFd(context, event), actions: 'removeFd' as const },
        closeBlocks: { guard: ({ context, event }: Args) => hasFd(context, event), target: 'exitCloseWait', actions: 'startBlockedClose' },
        exitUnmap: { guard: ({ context }: Args) => context.mapped !== null, actions: 'unmap' as const },
        exitUnmapBlocks: { guard: ({ context }: Args) => context.mapped !== null, target: 'exitCloseWait', actions: 'startBlockedUnmap' },
        exitPurge: { target: 'exiting' },
        reaped: { guard: ({ context }: Args) => Object.keys(context.fds).length === 0 && context.mapped === null && !context.pinning, target: 'dead' },
      },
    },
    exitCloseWait: {
      on: { closeReturns: { target: 'exiting', actions: 'endBlockedClose' } },
    },
    dead: { type: 'final' },
  },
});
