/**
 * Spilling BFS levels to disk (src/engine/diskDir.ts, levelRows.ts): a run whose levels go to disk
 * finds exactly what the in-memory run finds (counts, depths, the same first violations), a full disk
 * ends the run incomplete ('disk-full') with what was explored, a directory that cannot be used is
 * LC033, and nothing is left in the directory afterwards.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, compileSystem, explore } from '../../src/index.ts';
import { DiskDir, runDirPrefix } from '../../src/engine/diskDir.ts';
import { ok, replayAll } from '../support/replayAll.ts';
import { DESIGNS } from '../../specs/designs/designs.ts';
import { daxSystem } from '../../specs/dax/system.ts';
import { philosophers } from '../../bench/models/philosophers.ts';

const root = mkdtempSync(join(tmpdir(), 'lc-disk-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const zombie = daxSystem(DESIGNS.find((d) => d.id === 'zombie-lease')!).system;

describe('levels spilled to disk', () => {
  it('give the in-memory run exactly: states, generated, depth, levels, first violations', () => {
    for (const [sys, scope] of [[zombie, {}], [philosophers, { n: 14 }]] as const) {
      const plain = explore(compileSystem(sys, scope));
      const dir = DiskDir.open(root);
      try {
        // A few chunks of rows in memory: every wide level goes to disk.
        const spilled = explore(compileSystem(sys, scope), { spillTo: dir, diskRowsBytes: 1 });
        expect(spilled.distinct).toBe(plain.distinct);
        expect(spilled.generated).toBe(plain.generated);
        expect(spilled.depth).toBe(plain.depth);
        expect(spilled.levelStart).toEqual(plain.levelStart);
        expect([...spilled.found]).toEqual([...plain.found]);
        expect(spilled.diskPeakBytes).toBeGreaterThan(0);
      } finally {
        dir.close();
      }
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('check() with a disk directory: the verdicts and traces of the run without, and the directory left empty', () => {
    const plain = ok(check(zombie, { safetyOnly: true }));
    const disk = ok(check(zombie, { safetyOnly: true, disk: root, maxMemoryBytes: 64 * 1024 * 1024 * 4 }));
    expect(disk.properties.map((p) => [p.verdict, p.trace?.steps.length])).toEqual(plain.properties.map((p) => [p.verdict, p.trace?.steps.length]));
    replayAll(disk);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a full disk ends the run incomplete, with what was explored, and removes its files', () => {
    const dir = DiskDir.open(root, 200_000);
    const ex = explore(compileSystem(zombie), { spillTo: dir, diskRowsBytes: 1 });
    dir.close();
    expect(ex.stopped).toBe('disk-full');
    expect(ex.distinct).toBeGreaterThan(1000);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a directory that does not exist, is a file, or cannot be written: LC033 before anything runs', () => {
    const line = (disk: string) => {
      const r = check(zombie, { safetyOnly: true, disk });
      return r.status === 'error' ? r.error.line() : 'no error';
    };
    expect(line(join(root, 'nope'))).toBe(`error LC033: disk directory ${join(root, 'nope')} does not exist`);
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    expect(line(file)).toBe(`error LC033: disk directory ${file} is not a directory`);
    rmSync(file);
    if (process.getuid?.() !== 0) {
      const ro = join(root, 'read-only');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      expect(line(ro)).toMatch(/^error LC033: disk directory .* is not writable$/);
      chmodSync(ro, 0o700);
      rmSync(ro, { recursive: true });
    } else {
      // root may write anywhere its permissions say; /proc takes no new directory.
      expect(line('/proc')).toMatch(/^error LC033: (disk directory \/proc is not writable|disk directory \/proc does not take new directories)/);
    }
  });

  it('a run directory left by a killed run of this host is removed by the next run into the same directory; a live one and another host\'s stay', () => {
    const dir = mkdtempSync(join(root, 'leftovers-'));
    // A pid that was a process a moment ago and is none now (SIGTERM or SIGKILL leaves the directory).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = join(dir, `${runDirPrefix(dead)}Ab12Cd`);
    mkdirSync(leftover);
    writeFileSync(join(leftover, 'level-0.bin'), 'x');
    const live = join(dir, `${runDirPrefix(1)}Ab12Cd`);
    const other = join(dir, `leasecheck-some.other.host-${dead}-Ab12Cd`);
    // The same host name with another process table (a container sharing the host's name, not its pids).
    const container = join(dir, `${runDirPrefix(dead).replace(/-[0-9a-f]{8}-(\d+)-$/, '-00000000-$1-')}Ab12Cd`);
    const user = join(dir, 'notes');
    for (const d of [live, other, container, user]) mkdirSync(d);
    const r = check(zombie, { safetyOnly: true, disk: dir, maxStates: 50 });
    ok(r);
    expect(readdirSync(dir).sort()).toEqual([live, other, container, user].map((d) => d.slice(dir.length + 1)).sort());
  });

  it('--disk installs no SIGTERM or SIGHUP handler: a signal ends the process at once, not after the search', () => {
    // In a fresh process: this one has opened run directories already.
    const code = `import { DiskDir } from ${JSON.stringify(new URL('../../src/engine/diskDir.ts', import.meta.url).href)};
const d = DiskDir.open(${JSON.stringify(root)});
console.log(JSON.stringify([process.listenerCount('SIGTERM'), process.listenerCount('SIGHUP'), process.listenerCount('exit')]));
d.close();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [term, hup, exit] = JSON.parse(r.stdout) as number[];
    expect([term, hup]).toEqual([0, 0]);
    // Files are still removed when the process exits normally.
    expect(exit).toBeGreaterThan(0);
  });
});
