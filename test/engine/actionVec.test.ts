/**
 * Each state's action, packed four or two to a word (src/engine/actionVec.ts): it reads back what was
 * pushed, whatever the number of instances, whatever was spilled when, and a checkpoint's prefix keeps
 * its values. A search keeps one byte an action where it kept four.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSystem, explore } from '../../src/index.ts';
import { ActionVec } from '../../src/engine/actionVec.ts';
import { DiskDir } from '../../src/engine/diskDir.ts';
import { peterson } from '../../bench/models/peterson.ts';
import { expectReadsBack } from '../support/readsBack.ts';

const root = mkdtempSync(join(tmpdir(), 'lc-action-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ActionVec', () => {
  it('reads back every action, spilled or not, and a prefix taken earlier keeps its values', () => {
    fc.assert(
      fc.property(
        // Around each width's edge: 4 a word below 255 instances, 2 below 65,535, else 1.
        fc.constantFrom(1, 3, 254, 255, 256, 65_534, 65_535, 70_000),
        fc.array(fc.oneof(fc.nat(), fc.constant('spill' as const), fc.constant('prefix' as const)), { maxLength: 300 }),
        fc.integer({ min: 1, max: 30_000 }),
        (instances, ops, burst) => {
          const dir = DiskDir.open(root);
          try {
            const v = new ActionVec(instances);
            const model: number[] = [];
            const prefixes: [ActionVec, number[]][] = [];
            const push = (t: number) => {
              v.push(t);
              model.push(t);
            };
            push(-1);
            for (const op of ops) {
              if (op === 'spill') v.spill(dir, 'actions');
              else if (op === 'prefix') prefixes.push([v.prefix(v.length), model.slice()]);
              // A run of actions, the largest and the smallest among them, so that pages are crossed.
              else for (let j = 0; j < (op % 7 === 0 ? burst : 3); j++) push(j % 3 === 0 ? instances - 1 : (op + j) % instances);
            }
            expectReadsBack(v, model, prefixes);
          } finally {
            dir.close();
          }
        },
      ),
      { seed: 0xac7, numRuns: 60 },
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('a search keeps a byte an action (Peterson N=5: 26 instances)', () => {
    const cs = compileSystem(peterson, { n: 5 });
    const ex = explore(cs);
    expect(cs.instances.length).toBeLessThan(255);
    // The vector's capacity: a power of two words of four actions.
    expect(ex.via.bytes()).toBeLessThan(ex.distinct * 2);
    expect(ex.via.bytes()).toBeGreaterThanOrEqual(ex.distinct);
  });
});
