/**
 * Memory past RAM: Peterson's filter lock at N processes (N = 7: 244,897,947 states), safety properties,
 * with a disk directory and a memory limit well below what the in-memory search takes, so that the BFS
 * levels and the fingerprint table go to disk (docs/reductions.md, "Disk"). Prints a progress line
 * every 30 s (states, depth, MiB on disk, resident memory, load average) and the result with the
 * highest resident memory seen.
 *
 *   node --import tsx/esm bench/diskPeterson.ts [N=7] [MAX_MIB=6000] [DIR=the OS temp directory]
 */
import { loadavg, tmpdir } from 'node:os';
import { check, type Progress } from '../src/index.ts';
import { peterson } from './models/peterson.ts';

const n = Number(process.argv[2] ?? 7);
const maxMiB = Number(process.argv[3] ?? 6000);
const dir = process.argv[4] ?? tmpdir();
const mib = (b: number) => Math.ceil(b / 2 ** 20).toLocaleString('en-US');
let last = 0;
let peakRss = 0;
console.log(`peterson n=${n}, --max-memory ${maxMiB} MiB, --disk ${dir}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const r = check(peterson, {
  scope: { n },
  safetyOnly: true,
  disk: dir,
  maxMemoryBytes: maxMiB * 2 ** 20,
  onProgress: (p: Progress) => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (performance.now() - last < 30_000) return;
    last = performance.now();
    console.log(`${p.seconds.toFixed(0)} s: ${p.distinct.toLocaleString('en-US')} states, depth ${p.depth}, on disk ${mib(p.diskBytes ?? 0)} MiB, resident ${mib(process.memoryUsage.rss())} MiB, load ${loadavg()[0].toFixed(2)}`);
  },
});
if (r.status === 'error') {
  console.log(`error ${r.error.code}: ${r.error.message}`);
  process.exit(2);
}
console.log(`${r.status}${r.stoppedBy ? ` (${r.stoppedBy})` : ''}: ${r.stats.distinctStates.toLocaleString('en-US')} states in ${r.stats.seconds.toFixed(1)} s; resident at most ${mib(peakRss)} MiB (sampled); ${r.properties.map((p) => `${p.id} ${p.verdict}`).join(', ')}`);
for (const note of r.notes ?? []) console.log(`note: ${note}`);
