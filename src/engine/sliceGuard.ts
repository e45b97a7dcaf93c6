/**
 * Spec code cannot make the checker ignore its own limits. A guard or predicate stuck in an infinite
 * loop never returns to the search, which checks --timeout and Ctrl-C between blocks; on the main
 * thread nothing else runs either (the SIGINT handler waits for the event loop). So the search runs
 * under Node's vm watchdog (`timeout`, `breakOnSigint`): a thread that terminates JavaScript execution
 * when the deadline passes or Ctrl-C arrives, wherever it is. The search is then reported as it was at
 * its last checkpoint (explore.ts), incomplete, with the function that was running named (specCalls.ts
 * `running`).
 *
 * Cost: one vm call a search (about 140 us) and nothing per state. Where there is neither a deadline
 * nor a signal to obey, the function runs bare.
 */
import vm from 'node:vm';
import { running } from './specCalls.ts';

/** How long past the deadline a slice may run before the watchdog ends it (the search's own check comes first). */
export const GRACE_MS = 250;

const context = vm.createContext({ slice: null as null | (() => unknown) });
const script = new vm.Script('slice()', { filename: 'leasecheck-search-slice' });

export type SliceResult<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'interrupted'; stuckIn: string | null };

/**
 * Runs `f` (a slice of the search) under the watchdog: ended when `deadline` (performance.now() time)
 * plus GRACE_MS passes, or on Ctrl-C when `sigint` is set. A Ctrl-C that ended a slice is passed on to
 * the process's own SIGINT handlers afterwards (the watchdog holds them back while it runs), so a
 * command that stops on the first Ctrl-C and exits on the second still does.
 */
export function runSlice<T>(f: () => T, deadline: number, sigint: boolean, grace = GRACE_MS): SliceResult<T> {
  const guarded = Number.isFinite(deadline) || sigint;
  if (!guarded) return { ok: true, value: f() };
  running.what = null;
  const timeout = Number.isFinite(deadline) ? Math.max(1, Math.ceil(deadline + grace - performance.now())) : undefined;
  context.slice = f;
  try {
    return { ok: true, value: script.runInContext(context, { ...(timeout !== undefined ? { timeout } : {}), breakOnSigint: sigint }) as T };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      const stuckIn = running.what;
      running.what = null;
      if (code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') setImmediate(() => process.emit('SIGINT'));
      return { ok: false, reason: code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? 'timeout' : 'interrupted', stuckIn };
    }
    throw e;
  } finally {
    context.slice = null;
  }
}
