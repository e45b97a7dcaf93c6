/**
 * simulate's text: the status column is one fixed width with a gap after it, so "not found" and
 * "witnessed" never run into the property name; and shrinking is counted as shrink attempts (candidate
 * behaviours walked), not as runs, since there can be more of them than runs.
 */
import { describe, expect, it } from 'vitest';
import { simulateSystem } from '../../src/sim/simulate.ts';
import { formatSimulationText } from '../../src/sim/report.ts';
import mutex from '../../examples/mutex.model.ts';

describe('simulate text table', () => {
  it('status words are padded to one width, two spaces before the property', () => {
    const r = simulateSystem(mutex, { seed: 1, scope: { broken: 0 }, runs: 100 });
    const text = formatSimulationText(r);
    const rows = text.split('\n').filter((l) => /^ {2}(VIOLATED|not found|witnessed|-) /.test(l));
    expect(rows.length).toBe(r.properties.length + r.unchecked.length);
    expect(text).toMatch(/^ {2}not found {2}mutual-exclusion /m);
    expect(text).toMatch(/^ {2}witnessed {2}p1-can-enter /m);
    // Every property name starts in the same column: two spaces, the 9-wide status, two spaces.
    for (const l of rows) expect(l.slice(11, 14), l).toMatch(/^ {2}\S$/);
  });

  it('shrinking is reported as shrink attempts, which may outnumber the runs', () => {
    const r = simulateSystem(mutex, { seed: 7, runs: 3 });
    expect(r.stats.shrinkRuns).toBeGreaterThan(r.stats.runs);
    const text = formatSimulationText(r);
    expect(text).toContain(`, ${r.stats.shrinkRuns} shrink attempts\n`);
    expect(text).not.toContain('spent shrinking');
  });
});
