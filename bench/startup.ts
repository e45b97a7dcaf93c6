/**
 * Start-up: the wall time of `leasecheck check` on a 16-state spec, as a user runs it from an
 * installed package, beside its peers in the same invocation.
 *
 *   node --import tsx/esm bench/startup.ts [--runs N]
 *
 * It builds and packs this repository, installs the tarball into a fresh project under the system's
 * temporary folder, and times (median and best of N runs, interleaved):
 *  - node itself (`node -e 0`): the floor for any Node.js tool;
 *  - leasecheck on a TypeScript spec and on the same spec as JavaScript (installed package, dist/);
 *  - leasecheck from its TypeScript sources through tsx (bin/leasecheck.js, as before the package was compiled);
 *  - the JVM starting a class that does nothing (`java Hello`), the floor of TLC's start-up. TLC itself
 *    (tla2tools.jar) cannot be installed here (Maven refuses org.lamport:tla2tools), so this is an
 *    approximation of TLC's start-up from below, and labelled so.
 * Prints the table, the ratios and the machine's load average before and after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argRuns = process.argv.indexOf('--runs');
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 15;
if (process.argv.includes('--help')) {
  console.log('usage: node --import tsx/esm bench/startup.ts [--runs N]   (default 15 interleaved runs of each)');
  process.exit(0);
}

const SPEC_TS = `import { setup } from 'xstate';
import { defineSystem } from 'leasecheck';

const lamp = setup({ types: { events: {} as { type: 'TOGGLE' } } }).createMachine({
  id: 'lamp', initial: 'off', states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } },
});
const names = ['a', 'b', 'c', 'd'] as const;

export default defineSystem({
  name: 'four-lamps',
  actors: () => ({ a: { machine: lamp }, b: { machine: lamp }, c: { machine: lamp }, d: { machine: lamp } }),
  build: ({ joint, always }) => ({
    actions: [joint({ name: 'toggle', params: { l: names }, steps: ({ l }) => ({ actor: l, event: { type: 'TOGGLE' } }) })],
    properties: [always('not-all-on', (s) => !names.every((l) => s[l].matches('on')))],
  }),
});
`;
const SPEC_JS = SPEC_TS.replace(" as { type: 'TOGGLE' }", '').replace(' as const', '');

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const load0 = loadavg()[0];
console.log('building and packing leasecheck...');
sh('node', ['scripts/build.mjs'], ROOT);
const project = mkdtempSync(join(tmpdir(), 'lc-startup-'));
const pack = JSON.parse(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], ROOT)) as { filename: string }[];
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'startup', private: true, type: 'module' }));
const xstate = (JSON.parse(readFileSync(join(ROOT, 'node_modules/xstate/package.json'), 'utf8')) as { version: string }).version;
sh('npm', ['install', join(project, pack[0].filename), `xstate@${xstate}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
writeFileSync(join(project, 'lamps.model.ts'), SPEC_TS);
writeFileSync(join(project, 'lamps.model.js'), SPEC_JS);
const bin = join(project, 'node_modules', 'leasecheck', 'dist', 'cli', 'bin.js');

interface Peer {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  /** Exit code a good run has. */
  code: number;
}
const peers: Peer[] = [
  { name: 'node -e 0 (Node.js start-up)', cmd: process.execPath, args: ['-e', '0'], cwd: project, code: 0 },
  { name: 'leasecheck check, TypeScript spec', cmd: process.execPath, args: [bin, 'check', 'lamps.model.ts', '--quiet'], cwd: project, code: 1 },
  { name: 'leasecheck check, JavaScript spec', cmd: process.execPath, args: [bin, 'check', 'lamps.model.js', '--quiet'], cwd: project, code: 1 },
  { name: 'leasecheck from its sources via tsx', cmd: process.execPath, args: [join(ROOT, 'bin/leasecheck.js'), 'check', join(project, 'lamps.model.ts'), '--quiet'], cwd: project, code: 1 },
];
const java = spawnSync('javac', ['-version'], { encoding: 'utf8' });
if (java.status === 0) {
  writeFileSync(join(project, 'Hello.java'), 'public class Hello { public static void main(String[] a) {} }\n');
  sh('javac', ['Hello.java'], project);
  peers.push({ name: 'java Hello (JVM start-up: the floor of TLC, which is not installable here)', cmd: 'java', args: ['-cp', project, 'Hello'], cwd: project, code: 0 });
} else {
  console.log('note: no javac here; the JVM floor of TLC is not measured');
}

// Each check must find what a 16-state spec has.
const probe = spawnSync(process.execPath, [bin, 'check', 'lamps.model.ts', '--json'], { cwd: project, encoding: 'utf8' });
const states = (JSON.parse(probe.stdout) as { stats: { distinctStates: number } }).stats.distinctStates;
if (states !== 16) throw new Error(`the spec has ${states} states, not 16`);

const times = peers.map(() => [] as number[]);
for (let r = 0; r < RUNS; r++) {
  peers.forEach((p, i) => {
    const t0 = process.hrtime.bigint();
    const run = spawnSync(p.cmd, p.args, { cwd: p.cwd, encoding: 'utf8' });
    const t = Number(process.hrtime.bigint() - t0) / 1e9;
    if (run.status !== p.code) throw new Error(`${p.name}: exit ${run.status}: ${run.stderr}`);
    times[i].push(t);
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => Math.min(...xs);
const load1 = loadavg()[0];
console.log(`\nwall time of ${RUNS} interleaved runs each, 16-state spec (load average ${load0.toFixed(2)} before, ${load1.toFixed(2)} after):\n`);
const w = Math.max(...peers.map((p) => p.name.length));
console.log(`${'peer'.padEnd(w)}  median   best`);
peers.forEach((p, i) => console.log(`${p.name.padEnd(w)}  ${median(times[i]).toFixed(3)} s  ${best(times[i]).toFixed(3)} s`));
const lc = median(times[1]);
const jvm = peers.length > 4 ? median(times[4]) : undefined;
console.log('');
console.log(`target: leasecheck check (TypeScript spec) under 0.5 s wall on an idle machine: ${lc.toFixed(3)} s median, ${lc < 0.5 ? 'met' : 'NOT met'}${load0 > 0.5 ? ' (the machine was not idle)' : ''}`);
console.log(`leasecheck / node start-up: ${(lc / median(times[0])).toFixed(2)}x; compiled / from sources via tsx: ${(lc / median(times[3])).toFixed(2)}x`);
if (jvm !== undefined) console.log(`leasecheck / JVM start-up (TLC's floor; TLC also loads its own classes and parses the spec): ${(lc / jvm).toFixed(2)}x`);
rmSync(project, { recursive: true, force: true });
