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
import { writeSync } from 'node:fs';
import vm from 'node:vm';
import { running } from './specCalls.ts';

/** How long past the deadline a slice may run before the watchdog ends it (the search's own check comes first). */
export const GRACE_MS = 250;
/** The longest timeout vm's watchdog takes (it is a uint32 of milliseconds). */
const WATCHDOG_MAX_MS = 2 ** 32 - 1;

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
  // The watchdog's timeout is a 32-bit count of milliseconds (about 49 days): a later deadline is past it.
  const timeout = Number.isFinite(deadline) ? Math.min(WATCHDOG_MAX_MS, Math.max(1, Math.ceil(deadline + grace - performance.now()))) : undefined;
  context.slice = f;
  const restore = directWrites();
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
    restore();
    context.slice = null;
  }
}

/**
 * While the watchdog may end JavaScript anywhere, process.stdout and process.stderr write straight to
 * their file descriptors (writeSync): a stream whose write was cut short keeps a write in flight for
 * good and holds back every later line (the notes, "wrote ...") of the process. Progress lines and a
 * spec's console output go through here during the search. Returns the function that puts the streams'
 * own write back.
 */
function directWrites(): () => void {
  const streams = [process.stdout, process.stderr] as const;
  const own = streams.map((s) => s.write);
  streams.forEach((s, i) => {
    const fd = i + 1;
    s.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void): boolean => {
      const done = typeof encoding === 'function' ? encoding : cb;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk;
      for (let off = 0; off < bytes.length; ) {
        try {
          off += writeSync(fd, bytes, off);
        } catch (e) {
          // A non-blocking pipe that is full: wait for the reader.
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        }
      }
      done?.();
      return true;
    }) as typeof s.write;
  });
  return () => streams.forEach((s, i) => (s.write = own[i]));
}
