/**
 * A report folder whose files change as one set (`compare --out DIR`: comparison.md, .html, .json and
 * traces/): a reader, a killed run and an interrupted one never leave a new comparison.md beside the
 * old .html, or links to traces that exist only as temporary files.
 *
 * How: the new set is written whole into a hidden sibling folder (`.DIR.lc-new-<pid>-<id>`), its
 * manifest (MANIFEST) last; files of DIR that are not the report's (a README, say) are hard-linked
 * into it; then, under a lock, DIR is renamed away (`.DIR.lc-old-...`) and the new folder renamed to
 * DIR, and the old one removed. A kill at any point leaves DIR holding the whole old set or the whole
 * new one; only between the two renames (two system calls) is DIR missing, with the old and the
 * finished new set beside it, and the next run (recoverReportSet) puts the new one in place. Leftovers
 * of runs that died (their process is gone) are removed by the next run into the same folder.
 *
 * An incomplete set (a search stopped by Ctrl-C or a limit) never replaces a complete one: when DIR
 * holds a complete report, the incomplete one is written, the same way, to DIR/incomplete/ and the
 * caller says so. The next complete set removes DIR/incomplete/.
 */
import { closeSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { processAlive } from '../util/processAlive.ts';

/** The manifest a report folder carries: which files are the report's, and whether it is complete. */
export const MANIFEST = '.leasecheck-report.json';
/** Where an incomplete set goes when the folder holds a complete one. */
export const INCOMPLETE_DIR = 'incomplete';
/** Files of a folder that are not the report's and are carried into the new set; past this, refused. */
const MAX_FOREIGN = 1000;

export interface Manifest {
  tool: 'leasecheck';
  format: 1;
  complete: boolean;
  /** The report's files, relative paths with `/`. */
  files: string[];
}

export interface ReportSetOptions {
  /** Every search of the report finished (no limit, no interrupt). */
  complete: boolean;
  /**
   * For a folder written before manifests (or by hand): whether it holds a complete report, and which of
   * its files are the report's (they are replaced, not carried over). Default: none.
   */
  legacy?: { isComplete: (dir: string) => boolean; owns: (relPath: string) => boolean };
}

export interface WrittenReportSet {
  /** The folder the set was written to: DIR, or DIR/incomplete/ beside a complete report. */
  dir: string;
  /** The files written, as paths under `dir`. */
  files: string[];
  /** True when the set went to DIR/incomplete/ because DIR holds a complete report, which was kept. */
  besideComplete: boolean;
  /** Files of the folder's earlier set that the new one no longer has (stale traces), and leftovers of killed runs, removed. */
  removed: number;
}

/**
 * Replaces the report set in `dir` by `contents` (relative path -> content, or a function of the folder
 * the set goes to: DIR or DIR/incomplete/) as a whole, as described above. Throws LC050 when the
 * folder cannot be written.
 */
export function writeReportSet(
  dir: string,
  contents: Readonly<Record<string, string>> | ((target: string) => Readonly<Record<string, string>>),
  options: ReportSetOptions,
): WrittenReportSet {
  // A folder given through a symlink is replaced where it really is (the link stays a link).
  const top = realOrResolved(dir);
  try {
    mkdirSync(dirname(top), { recursive: true });
    return withLock(top, () => {
      let removed = recoverReportSet(top);
      const keepComplete = !options.complete && holdsComplete(top, options);
      const target = keepComplete ? join(top, INCOMPLETE_DIR) : top;
      if (keepComplete) removed += recoverReportSet(target);
      // The files may depend on where they go (links relative to the folder).
      const files = typeof contents === 'function' ? contents(target) : contents;
      for (const rel of Object.keys(files)) checkRelPath(rel);
      const { staged, count } = stage(target, files, options);
      removed += count;
      swap(target, staged);
      return { dir: target, files: Object.keys(files).map((f) => join(target, f)), besideComplete: keepComplete, removed };
    });
  } catch (e) {
    if (e instanceof LeasecheckError) throw e;
    throw new LeasecheckError('LC050', `cannot write the report to ${dir}: ${describeThrown(e)}`);
  }
}

/** The manifest of a report folder, or null (no manifest, or one that does not parse). */
export function readManifest(dir: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    return m && m.tool === 'leasecheck' && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

/**
 * Finishes or undoes what a killed run left of a swap into `dir`, and removes the hidden folders and
 * temporary files of runs whose process is gone. Returns how many leftovers it removed. Safe to call
 * at any time; writeReportSet calls it first (under the folder's lock).
 */
export function recoverReportSet(dir: string): number {
  const top = resolve(dir);
  const parent = dirname(top);
  const mine = leftoversOf(top);
  let removed = 0;
  if (!existsSync(top)) {
    // Killed between the two renames: the finished new set goes in place (else the old one goes back).
    const old = mine.find((l) => l.kind === 'old' && (l.pid === process.pid || !processAlive(l.pid)));
    if (old) {
      const ready = mine.find((l) => l.kind === 'new' && l.id === old.id && readManifest(join(parent, l.name)) !== null);
      renameSync(join(parent, (ready ?? old).name), top);
    }
  }
  for (const l of leftoversOf(top)) {
    if (l.pid !== process.pid && processAlive(l.pid)) continue;
    rmSync(join(parent, l.name), { recursive: true, force: true });
    removed++;
  }
  // A lock left by a run that was killed holding it.
  const owner = lockOwner(lockPathOf(top));
  if (owner !== null && owner !== process.pid && !processAlive(owner)) {
    rmSync(lockPathOf(top), { force: true });
    removed++;
  }
  return removed;
}

/** A hidden sibling of `top` left by a run: `.NAME.lc-new-PID-ID` (a set being written), `.NAME.lc-old-PID-ID` (a set moved aside). */
interface Leftover {
  name: string;
  kind: 'new' | 'old';
  pid: number;
  id: string;
}

function leftoversOf(top: string): Leftover[] {
  const parent = dirname(top);
  const prefix = `.${basename(top)}.lc-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const out: Leftover[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(new|old)-(\d+)-([0-9a-f]+)$/.exec(name.slice(prefix.length));
    if (m) out.push({ name, kind: m[1] as 'new' | 'old', pid: Number(m[2]), id: m[3] });
  }
  return out;
}

function holdsComplete(top: string, options: ReportSetOptions): boolean {
  if (!existsSync(top)) return false;
  const m = readManifest(top);
  if (m) return m.complete;
  return options.legacy?.isComplete(top) ?? false;
}

/** A report file's relative path must stay inside the folder. */
function checkRelPath(rel: string): void {
  const parts = rel.split('/');
  if (rel === MANIFEST || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) {
    throw new Error(`bug: report file name ${JSON.stringify(rel)} is not a plain relative path`);
  }
}

/**
 * Writes the new set into a fresh hidden sibling of `target` (files, carried-over foreign files, then
 * the manifest; each synced) and returns its path and how many stale entries of the old set it left out.
 */
function stage(target: string, files: Readonly<Record<string, string>>, options: ReportSetOptions): { staged: string; count: number } {
  const id = randomBytes(4).toString('hex');
  const staged = join(dirname(target), `.${basename(target)}.lc-new-${process.pid}-${id}`);
  mkdirSync(staged);
  const dirs = new Set<string>([staged]);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(staged, ...rel.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    for (let d = dirname(path); d !== staged && !dirs.has(d); d = dirname(d)) dirs.add(d);
    writeSynced(path, content);
    boundary(`wrote ${rel}`);
  }
  let count = 0;
  if (existsSync(target)) {
    const fresh = new Set(Object.keys(files));
    const owned = ownedBy(target, options, fresh);
    const foreign: string[] = [];
    walk(target, '', (rel, isDir) => {
      if (owned(rel, isDir)) {
        // Counted: an earlier set's file the new one no longer has, a leftover, a superseded incomplete report.
        if (!fresh.has(rel) && rel !== MANIFEST) count++;
        return false;
      }
      if (!isDir) foreign.push(rel);
      return true;
    });
    if (foreign.length > MAX_FOREIGN) {
      throw new LeasecheckError('LC050', `${target} holds ${foreign.length} files that are not part of the report (e.g. ${foreign[0]}): give --out a folder of its own`);
    }
    for (const rel of foreign) {
      carry(join(target, ...rel.split('/')), join(staged, ...rel.split('/')));
      boundary(`carried ${rel}`);
    }
    try {
      chmodSync(staged, statSync(target).mode & 0o7777);
    } catch {
      // Keep the default mode.
    }
  }
  const manifest: Manifest = { tool: 'leasecheck', format: 1, complete: options.complete, files: Object.keys(files).sort() };
  writeSynced(join(staged, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  for (const d of dirs) syncDir(d);
  boundary('wrote the manifest');
  return { staged, count };
}

/**
 * Which entries of the existing folder belong to the report (and are replaced, not carried over): the
 * files its manifest lists (or the legacy rule's), the new set's names, the manifest, a nested
 * incomplete report (a complete set supersedes it), leftovers of killed runs and temporary files.
 */
function ownedBy(target: string, options: ReportSetOptions, fresh: ReadonlySet<string>): (rel: string, isDir: boolean) => boolean {
  const manifest = readManifest(target);
  const listed = new Set(manifest?.files ?? []);
  return (rel, isDir) => {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (rel === MANIFEST || (rel === INCOMPLETE_DIR && isDir && options.complete)) return true;
    if (/^\..+\.lc-(new|old)-\d+-[0-9a-f]+$/.test(name) || /\.lc-lock$/.test(name)) return true;
    if (!isDir && /\.\d+\.tmp$/.test(name)) return true;
    if (isDir) return false;
    return fresh.has(rel) || listed.has(rel) || (!manifest && (options.legacy?.owns(rel) ?? false));
  };
}

/** Visits every entry under root/rel (depth first); `visit` returns false to skip a directory's contents. */
function walk(root: string, rel: string, visit: (rel: string, isDir: boolean) => boolean): void {
  for (const e of readdirSync(join(root, ...(rel ? rel.split('/') : [])), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const isDir = e.isDirectory();
    if (visit(r, isDir) && isDir) walk(root, r, visit);
  }
}

/** A foreign file into the new set: a hard link (no copy), a symlink as a symlink, else a copy. */
function carry(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  if (lstatSync(from).isSymbolicLink()) return symlinkSync(readlinkSync(from), to);
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** DIR out, the staged set in, the old one removed: the two renames are the only moment DIR is absent. */
function swap(target: string, staged: string): void {
  const old = staged.replace(/\.lc-new-(\d+-[0-9a-f]+)$/, '.lc-old-$1');
  const had = existsSync(target);
  if (had) {
    renameSync(target, old);
    boundary('moved the old set aside');
  }
  renameSync(staged, target);
  syncDir(dirname(target));
  boundary('moved the new set in');
  if (had) {
    rmSync(old, { recursive: true, force: true });
    boundary('removed the old set');
  }
}

function writeSynced(path: string, content: string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to sync a directory; the renames are still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Runs `f` holding the folder's lock (`.DIR.lc-lock` beside it, holding the owner's pid): one run at a
 * time swaps a folder. A lock whose process is gone is taken over; a live one is waited for (up to 60 s).
 */
function lockPathOf(top: string): string {
  return join(dirname(top), `.${basename(top)}.lc-lock`);
}

/** The pid in a lock file; null when there is none; NaN while it is being written. */
function lockOwner(lock: string): number | null {
  try {
    const text = readFileSync(lock, 'utf8');
    return /^\d+$/.test(text) ? Number(text) : NaN;
  } catch {
    return null;
  }
}

function withLock<T>(top: string, f: () => T): T {
  const lock = lockPathOf(top);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = lockOwner(lock);
      if (owner === null) continue; // Released meanwhile.
      // Stale: its run is gone (this process holds no lock while it waits for one, so its own pid is a
      // reused one), or it stayed empty for seconds (a run killed between creating and writing it).
      const stale = Number.isNaN(owner) ? ageMs(lock) > 5_000 : owner === process.pid || !processAlive(owner);
      if (stale) {
        try {
          unlinkSync(lock);
        } catch {
          // Someone else took it over first.
        }
        continue;
      }
      if (Date.now() > deadline) throw new LeasecheckError('LC050', `${top} is being written by another leasecheck run (process ${owner}, lock ${lock})`);
      sleep(20);
    }
  }
  boundary('took the lock');
  try {
    return f();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // Gone already.
    }
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The fault-injection hook of the tests: with LEASECHECK_TEST_KILL_AT=k the process kills itself
 * (SIGKILL, no cleanup) at its k-th write boundary. Unset, it costs one comparison.
 */
let boundaries = 0;
const killAt = Number(process.env.LEASECHECK_TEST_KILL_AT ?? 0);
function boundary(what: string): void {
  boundaries++;
  if (killAt > 0 && boundaries === killAt) {
    process.stderr.write(`LEASECHECK_TEST_KILL_AT=${killAt}: killed after "${what}"\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

/** The real path of `p` when it exists (symlinks resolved), else `p` resolved against the working folder. */
export function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** True when `inner` is `outer` or inside it (symlinks of what exists resolved). */
export function isInside(inner: string, outer: string): boolean {
  const a = realOrResolved(inner);
  const b = realOrResolved(outer);
  return a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
}
