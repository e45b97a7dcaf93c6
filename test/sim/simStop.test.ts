/**
 * How a simulation stops early: --timeout with far more runs than fit stops at the deadline and reports
 * (fast-check is called in chunks of runs, so it never generates millions of values past the deadline
 * and runs out of the watchdog's grace, which was reported as LC027, a spec that never returns);
 * Ctrl-C reports what was found so far, INCOMPLETE, exit 3 (it used to end the process with nothing).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interruptWhen, leasecheck, ROOT, scratchDir } from '../report-ci/cli.ts';

describe('simulate stops early with a report', () => {
  it('--timeout with far more runs than fit: stopped at the deadline, exit 0, not LC027', async () => {
    const r = await leasecheck(['simulate', 'examples/mutex.model.ts', '--scope', 'broken=0', '--runs', '5000000', '--timeout', '1', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stopped early because it reached --timeout');
    expect(r.stdout).toContain('stopped early, so a run with this seed may get further');
  });

  it('Ctrl-C: what was found so far, INCOMPLETE, exit 3', async () => {
    const dir = scratchDir('sim-stop');
    // The mutex, with an invariant that says on stderr when the simulation is under way.
    const spec = join(dir, 'mutex.model.ts');
    const text = readFileSync(join(ROOT, 'examples/mutex.model.ts'), 'utf8')
      .replace("'../src/index.ts'", JSON.stringify(join(ROOT, 'src/index.ts')))
      .replace("always('mutual-exclusion', (s) => ", "always('mutual-exclusion', (s) => (globalThis as { said?: boolean }).said || ((globalThis as { said?: boolean }).said = process.stderr.write('SIMULATING\\n')) ? ");
    expect(text).toContain('SIMULATING');
    writeFileSync(spec, text.replace("s.p2.matches('critical')), {", "s.p2.matches('critical')) : true, {"));
    const r = await interruptWhen(['simulate', spec, '--scope', 'broken=0', '--runs', '100000000', '--seed', '1', '--quiet'], 'SIMULATING', { afterMs: 300 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE: stopped by Ctrl-C');
    expect(r.stdout).toMatch(/not found\s+mutual-exclusion/);
  });
});
