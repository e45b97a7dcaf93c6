import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { petersonPromela, philosophersPromela } from '../models/promela.ts';
import type { Explore, ModelName } from './index.ts';

/** Whether spin and a C compiler are on the PATH (`apt-get install -y spin` brings both). */
export function spinAvailable(): boolean {
  return ['spin', 'gcc'].every((cmd) => spawnSync(cmd, ['-V'], { stdio: 'ignore' }).status !== null && !spawnSync(cmd, ['-V']).error);
}

/**
 * SPIN's exhaustive breadth-first search: the Promela model (bench/models/promela.ts) through
 * `spin -a`, pan compiled with -O2 -DBFS -DNOREDUCE -DSAFETY (no partial-order reduction, no
 * compression), run with -E (the philosophers' deadlock is not an error here) and a hash table of
 * 2^w slots sized to the state count. Seconds and memory are pan's own ("elapsed time", "total
 * actual memory usage"); compiling is not timed. SPIN checks no invariant here (pan -E, no assert):
 * it counts states.
 */
export function spinExplorer(model: ModelName): Explore {
  if (model === 'dax') throw new Error('spin: no Promela DAX model');
  return (n) => {
    const dir = mkdtempSync(join(tmpdir(), 'leasecheck-spin-'));
    try {
      writeFileSync(join(dir, 'model.pml'), model === 'philosophers' ? philosophersPromela(n) : petersonPromela(n));
      execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'pipe' });
      execFileSync('gcc', ['-O2', '-DBFS', '-DNOREDUCE', '-DSAFETY', '-DMEMLIM=16000', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
      const w = model === 'philosophers' ? Math.min(27, Math.max(18, Math.ceil(n * 1.27) + 1)) : Math.min(27, 4 * n);
      const out = execFileSync('./pan', ['-E', `-w${w}`, '-m1000000'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
      const stored = /([\d.e+]+) states, stored/.exec(out);
      const secs = /pan: elapsed time ([\d.e+]+) seconds/.exec(out);
      const mem = /([\d.]+)\s+total actual memory usage/.exec(out);
      if (!stored || !secs) throw new Error(`could not read pan's output: ${out.slice(-300)}`);
      if (!/errors: 0/.test(out)) throw new Error(`pan reported errors: ${out.slice(-300)}`);
      // pan prints its time to 0.01 s: a shorter run is counted as 0.005 s.
      const seconds = Math.max(Number(secs[1]), 0.005);
      return {
        states: Number(stored[1]),
        seconds,
        ...(mem ? { peakMB: Number(mem[1]) } : {}),
        note: `pan -w${w}`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
