/**
 * The default memory limit of a search: what this process may take without pushing others out, read
 * when the search starts. 80% of the physical memory (the old default) ignored what other processes use
 * and container limits: a 120-actor spec grew to 15.2 GiB with 4 GiB left on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fmt } from '../util/format.ts';

/** Share of the memory available at start that a search may take by default (the rest is left to others). */
export const DEFAULT_SHARE = 0.8;

export interface MemoryLimit {
  bytes: number;
  /** Where the figure came from, for notes and --help. */
  why: string;
}

const MiB = 2 ** 20;

/**
 * The default limit on this process's resident memory: its resident memory now, plus DEFAULT_SHARE of
 * the smaller of (a) the machine's available memory (MemAvailable in /proc/meminfo: free memory plus
 * what the kernel can reclaim without swapping) and (b) the room left under its cgroup's memory limit
 * (cgroup v2 memory.max - memory.current, or v1 memory.limit_in_bytes - memory.usage_in_bytes). Where
 * neither can be read (not Linux), 80% of the physical memory.
 */
export function defaultMemoryLimit(rssNow: number = process.memoryUsage.rss()): MemoryLimit {
  const available = memAvailable();
  const cgroup = cgroupRoom();
  const candidates: { bytes: number; what: string }[] = [];
  if (available !== null) candidates.push({ bytes: available, what: `${fmtMiB(available)} available on the machine` });
  if (cgroup !== null) candidates.push({ bytes: cgroup.room, what: `${fmtMiB(cgroup.room)} left under the cgroup limit of ${fmtMiB(cgroup.limit)}` });
  if (candidates.length === 0) {
    return { bytes: Math.floor(totalmem() * DEFAULT_SHARE), why: `${DEFAULT_SHARE * 100}% of the ${fmtMiB(totalmem())} of physical memory` };
  }
  const least = candidates.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  return { bytes: Math.floor(rssNow + least.bytes * DEFAULT_SHARE), why: `${DEFAULT_SHARE * 100}% of the ${least.what}, plus the ${fmtMiB(rssNow)} in use` };
}

function fmtMiB(b: number): string {
  return `${fmt(b / MiB)} MiB`;
}

/** MemAvailable from /proc/meminfo, in bytes; null where there is none. */
export function memAvailable(text = readOr('/proc/meminfo')): number | null {
  const m = text ? /^MemAvailable:\s+(\d+)\s+kB/m.exec(text) : null;
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * The memory limit of this process's cgroup and the room left under it, in bytes; null when there is no
 * limit (or it cannot be read). Reads cgroup v2 (/sys/fs/cgroup/<path>/memory.max) and v1
 * (/sys/fs/cgroup/memory/<path>/memory.limit_in_bytes), the path from /proc/self/cgroup, falling back
 * to the mount's root (a container's own cgroup).
 */
export function cgroupRoom(root = '/sys/fs/cgroup', self = readOr('/proc/self/cgroup')): { limit: number; room: number } | null {
  const found: { limit: number; room: number }[] = [];
  const v2 = self ? /^0::(.*)$/m.exec(self)?.[1] : undefined;
  const v1 = self ? /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(.*)$/m.exec(self)?.[1] : undefined;
  for (const dir of unique([v2 !== undefined ? `${root}${v2}` : null, root])) {
    const limit = parseLimit(readOr(`${dir}/memory.max`));
    const used = Number(readOr(`${dir}/memory.current`));
    if (limit !== null && Number.isFinite(used)) found.push({ limit, room: Math.max(0, limit - used) });
  }
  for (const dir of unique([v1 !== undefined ? `${root}/memory${v1}` : null, `${root}/memory`])) {
    const limit = parseLimit(readOr(`${dir}/memory.limit_in_bytes`));
    const used = Number(readOr(`${dir}/memory.usage_in_bytes`));
    if (limit !== null && Number.isFinite(used)) found.push({ limit, room: Math.max(0, limit - used) });
  }
  return found.length ? found.reduce((a, b) => (b.room < a.room ? b : a)) : null;
}

/** A cgroup limit in bytes, or null for none ("max", or v1's "no limit", a number near 2^63). */
function parseLimit(text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim();
  if (t === '' || t === 'max') return null;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 && n < 2 ** 60 ? n : null;
}

function unique(xs: (string | null)[]): string[] {
  return [...new Set(xs.filter((x): x is string => x !== null))];
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
