/**
 * Output paths (--out, --graph, --emit-test, --junit) are checked before a search starts, so a bad
 * one fails in a second with one coded line, not after a 20-second compare (whose matrix was then never
 * printed), and a path under /proc no longer hangs (Node 20's recursive mkdirSync loops there).
 */
import { closeSync, lstatSync, openSync, statfsSync, statSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';
import { LeasecheckError } from '../errors.ts';
import { isInside, realOrResolved } from './reportSet.ts';

/** What the path names: a file to write (replaced whole), or a report folder (replaced as a set). */
export type OutputKind = 'file' | 'report-dir';

/** Kernel file systems that hold no files of ours (statfs magic numbers, linux/magic.h). */
const VIRTUAL_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x6165676c: 'pstore',
  0x62656570: 'configfs',
  0xcafe4a11: 'bpf',
  0x1cd1: 'devpts',
};
/** Folders that are kernel interfaces or devices whatever their file system says. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];

/**
 * Checks that `path` can be written as `kind` before any work is done, without creating anything that
 * stays: not empty; not under /proc, /sys, /dev or another kernel file system; every existing
 * component a folder; an existing file where a folder is needed (`--out /etc/hostname`) or a folder
 * where a file is needed refused; the nearest existing folder writable (a probe file is created and
 * removed); a report folder neither the working folder nor one of its parents (it is replaced whole).
 * Throws LC050 naming the flag. Returns the absolute path.
 */
export function validateOutputPath(path: string, kind: OutputKind, flag: string): string {
  const bad = (why: string) => new LeasecheckError('LC050', `${flag} ${path === '' ? '""' : path}: ${why}`);
  if (path === '' || path.trim() === '') throw bad('an empty path');
  if (path.includes('\0')) throw bad('the path holds a NUL character');
  // A trailing separator names a folder: written as a file it would become one with the folder's name.
  if (kind === 'file' && /[\\/]$/.test(path)) throw bad('ends in a folder separator; give a file name');
  const abs = resolve(path);
  // The nearest component that exists, and what it is.
  let existing = abs;
  let missing = 0;
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw bad(`${nearestFile(existing)} is a file, not a folder`);
      if (code !== 'ENOENT') throw bad(`cannot look at ${existing}: ${code}`);
      const up = dirname(existing);
      if (up === existing) break;
      existing = up;
      missing++;
    }
  }
  const real = realOrResolved(existing);
  for (const d of SYSTEM_DIRS) {
    // The path as written too, not only where it leads: /dev/stdout redirected to a file resolves to
    // that file, and writing "it" atomically would replace the /dev/stdout link itself.
    if (abs === d || abs.startsWith(`${d}/`) || isInside(real, d)) throw bad(`${d} holds kernel interfaces and devices, not files to write; give a path under a normal folder`);
  }
  let fsType: string | undefined;
  try {
    fsType = VIRTUAL_FS[statfsSync(real).type];
  } catch {
    fsType = undefined;
  }
  if (fsType) throw bad(`${real} is on the kernel's ${fsType} file system, which holds no files to write`);
  const st = statSync(real, { throwIfNoEntry: false });
  if (missing === 0 && st) {
    if (kind === 'report-dir' && !st.isDirectory()) throw bad(`${path} is a file; a report needs a folder`);
    if (kind === 'file' && st.isDirectory()) throw bad(`${path} is a folder; give a file name`);
    if (kind === 'file' && !st.isFile()) throw bad(`${path} is not a regular file (a device, a pipe or a socket)`);
  } else if (st && !st.isDirectory()) {
    throw bad(`${existing} is a file, not a folder`);
  }
  if (kind === 'report-dir') {
    if (parse(abs).root === abs) throw bad('a report folder cannot be the root of the file system');
    if (isInside(process.cwd(), abs)) throw bad('the report folder is replaced as a whole, so it cannot be the working folder or hold it; give a folder of its own');
  }
  // The folder that will receive new entries: the nearest existing one, or (for a report folder or a
  // file that exist) their parent, where the replacement is created beside them.
  const receiver = missing === 0 ? dirname(real) : real;
  probeWritable(receiver, bad);
  return isAbsolute(path) ? path : abs;
}

/** The first component of `path` that exists and is a file. */
function nearestFile(path: string): string {
  let p = path;
  for (;;) {
    const up = dirname(p);
    if (up === p) return path;
    try {
      if (lstatSync(up).isFile()) return up;
    } catch {
      // Not there: keep going up.
    }
    p = up;
  }
}

/** Creates and removes a file in `dir`: the only sure test (permissions, read-only mounts, immutable folders, quotas). */
function probeWritable(dir: string, bad: (why: string) => LeasecheckError): void {
  const probe = join(dir, `.leasecheck-probe-${process.pid}-${Date.now()}`);
  let fd: number;
  try {
    fd = openSync(probe, 'wx');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'a read-only file system' : code ?? String(e);
    throw bad(`cannot create files in ${dir} (${why})`);
  }
  closeSync(fd);
  unlinkSync(probe);
}

/**
 * LC050 when an output path is one of the run's inputs (the spec, the expectations file): writing it
 * would replace what the run read, and a slip in a CI script would destroy the agreed verdicts.
 */
export function refuseInputAsOutput(path: string, flag: string, inputs: readonly { path: string; what: string }[]): void {
  const out = realOrResolved(resolve(path));
  for (const i of inputs) {
    if (realOrResolved(resolve(i.path)) === out) throw new LeasecheckError('LC050', `${flag} ${path}: that is ${i.what}, which this run reads; give another file`);
  }
}
