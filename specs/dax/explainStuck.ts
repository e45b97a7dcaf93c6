import type { GlobalState } from '../../src/index.ts';
import { ctxOf, fileOfFd, type Names } from './names.ts';
import { holdersOf, proc, registered } from './queries.ts';

type WaitEdge = { from: string; to: string; why: string };

/**
 * What waits for what in a DAX state, for the checker's wait-for graph: a blocked close waits for the
 * pins on the file; each pin waits for its MR's release, which the close of its RDMA context by a holder
 * does; a process blocked in close runs nothing else, so its own pending closes wait for that close.
 * Jan Kara's deadlock (Aug 19) comes out as the cycle close(fd10) -> pins of mr0 -> close(fd15) -> close(fd10).
 */
export function explainStuck(s: GlobalState, n: Names): WaitEdge[] {
  const edges: WaitEdge[] = [];
  for (const p of n.procs) {
    const c = proc(s, p);
    const where = String(s[p].value);
    if (where !== 'closeWait' && where !== 'exitCloseWait') continue;
    const blocked = `${p}: close(fd${c.closing})`;
    const file = fileOfFd(n, c.closing!);
    const pins = registered(s, n).filter((m) => m.file === file);
    for (const m of pins) {
      const mrName = n.mrs.find((x) => s[x].context === m) ?? 'an MR';
      edges.push({ from: blocked, to: `the pins of ${mrName}`, why: 'the last close of a leased file blocks while pages are pinned (Dave Chinner, Aug 17)' });
      for (const q of holdersOf(s, n, m.ctx!)) {
        const fd = m.ctx === ctxOf(q) ? n.ownCtxFd : n.receivedCtxFd;
        edges.push({ from: `the pins of ${mrName}`, to: `${q}: close(fd${fd})`, why: `only the last close of ${m.ctx} (or ibv_dereg_mr) releases them` });
      }
    }
    // The blocked task runs nothing else: its other fds close only after this close returns.
    for (const fd of Object.keys(c.fds)) {
      edges.push({
        from: `${p}: close(fd${fd})`,
        to: blocked,
        why: where === 'exitCloseWait' ? 'do_exit closes fds one at a time: this one waits for the blocked one' : `${p} is blocked in close() and runs nothing else`,
      });
    }
  }
  return edges;
}
