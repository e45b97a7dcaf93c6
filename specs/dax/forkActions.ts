import type { GlobalState, JointAction, Participant } from '../../src/index.ts';
import { ctxOf, ctxSlots, dataSlots, fileOfFd, SOCKET, type Names } from './names.ts';
import { mayRun, proc, queued } from './queries.ts';
import type { VariantRegistry } from './variant.ts';

/**
 * fork (scope fork=1): the child gets a copy of the parent's fd table, the leased data fd and the RDMA
 * context included, and its mapping; every copy is a new reference to the same open file description,
 * and the lease stays attached to it, owned by the parent (fcntl(2), quoted by Dave Chinner, Aug 17:
 * "duplicate file descriptors (created by, for example, fork(2) or dup(2)) refer to the same lease"). The
 * pins are not copied: they belong to the context, which parent and child now share. K7 (no-pass) does
 * not stop it (Ira Weiny, Aug 24: "I'm not sure about blocking every call which may "dup()" an FD to
 * random processes"; Aug 21: "fork() <=== in another thread because close is hanging").
 *
 * The child is a process slot with nothing open (running, no fd, no mapping): a process that holds
 * nothing is indistinguishable from a new one. Events depend on parameters only, so the copied table is
 * a parameter: one instance per fd table the parent may have (each slot empty or one open file).
 */
export function forkActions(n: Names, reg: VariantRegistry): JointAction<any>[] {
  const dataFdSlots = dataSlots(n);
  const slots = [...dataFdSlots, ...ctxSlots(n)];
  const key = (fd: number) => `fd${fd}`;
  const params: Record<string, readonly (string | number)[]> = { p: n.procs, q: n.procs };
  for (const fd of dataFdSlots) params[key(fd)] = ['', ...n.structFiles.filter((sf) => n.sfFile[sf] === fileOfFd(n, fd))];
  for (const fd of ctxSlots(n)) params[key(fd)] = ['', ...n.procs.map(ctxOf)];
  params.mapped = ['', ...n.structFiles];
  type P = Record<string, string>;
  const table = (x: P) => Object.fromEntries(slots.filter((fd) => x[key(fd)] !== '').map((fd) => [String(fd), x[key(fd)]]));
  const matches = (s: GlobalState, x: P) => {
    const c = proc(s, x.p);
    return slots.every((fd) => (c.fds[fd] ?? '') === x[key(fd)]) && (c.mapped ?? '') === x.mapped;
  };
  return [
    reg.add<any>('fork', 'ok', 'user', {
      params,
      label: (x: P) => `${x.p}: fork() = ${x.q}, which inherits ${describe(table(x), x.mapped)}`,
      steps: (x: P): Participant[] => [
        { actor: x.p, event: { type: 'fork' } },
        { actor: x.q, event: { type: 'forked', fds: table(x), mapped: x.mapped === '' ? null : x.mapped } as { type: string } },
        ...Object.values(table(x)).map((sf) => ({ actor: sf, event: { type: 'get' } })),
        ...(n.opt.lastRef && x.mapped !== '' ? [{ actor: x.mapped, event: { type: 'get' } }] : []),
      ],
      guard: (s: GlobalState, x: P) =>
        x.p !== x.q && mayRun(s, x.p) && s[x.q].value === 'running' && matches(s, x) && (s[SOCKET] === undefined || queued(s)?.to !== x.q),
    }),
  ];
}

function describe(fds: Record<string, string>, mapped: string): string {
  const parts = Object.entries(fds).map(([fd, sf]) => `fd${fd} (${sf})`);
  if (mapped !== '') parts.push(`the mapping of ${mapped}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}
