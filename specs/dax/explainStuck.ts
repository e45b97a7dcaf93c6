import type { GlobalState } from '../../src/index.ts';
import type { Names } from './names.ts';
import { holdersOf, isBlocked, pinsUnder, proc, queued } from './queries.ts';

type WaitEdge = { from: string; to: string; why: string };

/**
 * What waits for what in a DAX state, for the checker's wait-for graph: a blocked release waits for the
 * pins taken under its lease; each pin waits for its MR's release, which the last close of its RDMA
 * context by a holder does (or the receiver of a queued context, or the deferred deregistration); a
 * process blocked in close runs nothing else, so its own pending closes wait for that close.
 * Jan Kara's deadlock (Aug 19) comes out as the cycle close(fd10) -> pins of mr0 -> close(fd15) -> close(fd10).
 */
export function explainStuck(s: GlobalState, n: Names): WaitEdge[] {
  const edges: WaitEdge[] = [];
  for (const p of n.procs) {
    if (!isBlocked(s, p)) continue;
    const c = proc(s, p);
    const where = String(s[p].value);
    const blocked = c.closing !== null ? `${p}: close(fd${c.closing})` : `${p}: release of ${c.releasing} (last reference, from ${where === 'exitCloseWait' ? 'exit' : 'munmap'})`;
    for (const m of pinsUnder(s, n, c.releasing!)) {
      const mrName = n.mrs.find((x) => s[x].context === m) ?? 'an MR';
      const pins = `the pins of ${mrName}`;
      edges.push({ from: blocked, to: pins, why: 'the last close of a leased file blocks while pages pinned under its lease remain (Dave Chinner, Aug 17)' });
      if (s[mrName]?.value === 'releasing') {
        edges.push({ from: pins, to: 'the deferred deregistration', why: 'the context is gone; kernel work deregisters the MR later (Jason Gunthorpe, Aug 19)' });
        continue;
      }
      for (const q of holdersOf(s, n, m.ctx!)) {
        const fd = Object.entries(proc(s, q).fds).find(([, x]) => x === m.ctx)![0];
        edges.push({ from: pins, to: `${q}: close(fd${fd})`, why: `only the last close of ${m.ctx} (or ibv_dereg_mr) releases them` });
      }
      const inFlight = queued(s);
      if (inFlight?.file === m.ctx) {
        edges.push({ from: pins, to: `${inFlight.to}: recvmsg or exit`, why: `${m.ctx} is queued in a socket to ${inFlight.to}, held by no process` });
      }
    }
    // The blocked task runs nothing else: its other fds close only after this close returns (unless a
    // second thread, not killed, can close them).
    if (where === 'closeWait' && c.threads > 1 && !c.killed) continue;
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
