import { createHash } from 'node:crypto';
import { closeSync, constants, accessSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { processAlive } from '../util/processAlive.ts';

/** Thrown by DiskDir.write when the disk (or the directory's quota) is full: the search stops, incomplete. */
export class DiskFull extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiskFull';
  }
}

/** Every DiskDir not yet closed: removed when the process exits, so that no spill file outlives it. */
const open = new Set<DiskDir>();
let exitHook = false;

/**
 * Where a search spills what does not fit in memory (the `disk` option, CLI --disk DIR): a fresh
 * directory `leasecheck-<host>-<pids>-<pid>-XXXXXX` inside the given one, holding the search's files while it
 * runs, removed with everything in it when the search ends (normally, on a limit, on an error, or when
 * the process exits). A signal that kills the process (SIGTERM, SIGKILL) leaves it: no handler could run
 * before the synchronous search returns, and one that waited for that held SIGTERM off for minutes. The
 * next run into the same DIR removes such leftovers (runDirPrefix, removeLeftovers).
 * A directory that does not exist, is not a directory or cannot be written is LC033
 * before the search starts; a write that finds the disk full (ENOSPC, or past `maxBytes`) throws
 * DiskFull, which the search turns into an incomplete verdict ('disk-full').
 */
export class DiskDir {
  readonly path: string;
  /** Bytes in the directory's files now, and at most so far. */
  bytes = 0;
  peakBytes = 0;
  private readonly files = new Map<number, { path: string; bytes: number }>();
  private seq = 0;
  private closed = false;

  private constructor(
    path: string,
    /** A quota (tests, or a user who wants to keep room on the disk): past it a write counts as a full disk. */
    private readonly maxBytes = Infinity,
  ) {
    this.path = path;
  }

  /** Opens a run directory inside `dir`. Throws LC033 when `dir` cannot hold it. */
  static open(dir: string, maxBytes?: number): DiskDir {
    const where = resolve(dir);
    let st;
    try {
      st = statSync(where);
    } catch {
      throw new LeasecheckError('LC033', `disk directory ${where} does not exist`);
    }
    if (!st.isDirectory()) throw new LeasecheckError('LC033', `disk directory ${where} is not a directory`);
    try {
      accessSync(where, constants.W_OK | constants.X_OK);
    } catch {
      throw new LeasecheckError('LC033', `disk directory ${where} is not writable`);
    }
    removeLeftovers(where);
    let path: string;
    try {
      path = mkdtempSync(join(where, runDirPrefix(process.pid)));
    } catch (e) {
      // A directory that exists and passes the access check can still refuse one (/proc answers ENOENT).
      const code = (e as { code?: string }).code;
      throw new LeasecheckError('LC033', `disk directory ${where} does not take new directories${code ? ` (${code})` : `: ${describeThrown(e)}`}: give a directory on a real, writable file system`);
    }
    const d = new DiskDir(path, maxBytes);
    open.add(d);
    if (!exitHook) {
      exitHook = true;
      const closeAll = () => {
        for (const x of open) x.close();
      };
      process.on('exit', closeAll);
    }
    return d;
  }

  /** Whether close() ran: the files are gone. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** A new empty file in the run directory. */
  create(tag: string): { fd: number; path: string } {
    const path = join(this.path, `${tag}-${this.seq++}.bin`);
    let fd: number;
    try {
      fd = openSync(path, 'w+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new DiskFull(`no room for a new file in ${this.path}`);
      throw new LeasecheckError('LC033', `cannot create ${path}: ${describeThrown(e)}`);
    }
    this.files.set(fd, { path, bytes: 0 });
    return { fd, path };
  }

  /** Writes `bytes` bytes of `buf` at byte `pos` of the file. */
  write(fd: number, buf: ArrayBufferView, pos: number, bytes: number): void {
    const f = this.files.get(fd)!;
    const grows = Math.max(0, pos + bytes - f.bytes);
    if (this.bytes + grows > this.maxBytes) throw new DiskFull(`the disk directory's quota of ${this.maxBytes} bytes is full`);
    const view = new Uint8Array(buf.buffer, buf.byteOffset, bytes);
    let done = 0;
    try {
      while (done < bytes) done += writeSync(fd, view, done, bytes - done, pos + done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC' || (e as NodeJS.ErrnoException).code === 'EDQUOT') throw new DiskFull(`the disk holding ${this.path} is full`);
      throw new LeasecheckError('LC033', `cannot write to ${f.path}: ${describeThrown(e)}`);
    }
    f.bytes += grows;
    this.bytes += grows;
    if (this.bytes > this.peakBytes) this.peakBytes = this.bytes;
  }

  /** Reads `bytes` bytes at byte `pos` of the file into `buf`. */
  read(fd: number, buf: ArrayBufferView, pos: number, bytes: number): void {
    const view = new Uint8Array(buf.buffer, buf.byteOffset, bytes);
    let done = 0;
    while (done < bytes) {
      const n = readSync(fd, view, done, bytes - done, pos + done);
      if (n === 0) throw new LeasecheckError('LC033', `${this.files.get(fd)?.path} ended early (was it changed by something else?)`);
      done += n;
    }
  }

  /** Closes and deletes one file. */
  remove(fd: number, path: string): void {
    const f = this.files.get(fd);
    if (f) {
      this.bytes -= f.bytes;
      this.files.delete(fd);
    }
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }

  /** Deletes every file and the run directory. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [fd, f] of this.files) this.remove(fd, f.path);
    rmSync(this.path, { recursive: true, force: true });
    open.delete(this);
  }
}

/** This host's name as a file name allows. */
const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';

/**
 * Which process table a pid belongs to: the host name alone is not enough (containers sharing the
 * host's network and name but not its pids; cloned machines on a shared disk). On Linux the kernel's
 * boot id and the pid namespace tell them apart; elsewhere the host name is all there is.
 */
const PIDS = (() => {
  const parts = [HOST];
  for (const read of [() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), () => readlinkSync('/proc/self/ns/pid')]) {
    try {
      parts.push(read());
    } catch {
      // Not Linux, or no /proc: the host name only.
    }
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 8);
})();

/** The name a run directory of process `pid` of this process table starts with. */
export const runDirPrefix = (pid: number) => `leasecheck-${HOST}-${PIDS}-${pid}-`;

/**
 * Removes the run directories in `dir` that a process of this process table (PIDS) left when it was
 * killed: a name with this table and a pid no process has now. Another host's or container's (a shared
 * disk) and a live process's are left alone; a pid reused since only keeps a leftover until a later run.
 */
export function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const mine = new RegExp(`^leasecheck-${HOST.replace(/\./g, '\\.')}-${PIDS}-(\\d+)-[A-Za-z0-9]{6}$`);
  for (const name of names) {
    const m = mine.exec(name);
    // This process's own directories (another search running beside) are live too.
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // Not ours to remove after all (permissions): it stays.
    }
  }
}
