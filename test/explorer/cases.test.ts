/**
 * Named cases in the explorer agree with `leasecheck replay`: a case's line is matched in each design
 * on its own (the lock's designs take writes with different hidden `late` parameters and outcomes),
 * its exports replay with every expectation met, and a step's text asserts no design's outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lock from '../../examples/lock.model.ts';
import { commonStem } from '../../src/explorer/label.ts';
import { startExplorer, type RunningExplorer } from '../../src/explorer/server.ts';
import { Walker } from '../../src/explorer/walk.ts';
import { scenarioFiles } from '../../src/scenario/files.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { parseItf, replayItf } from '../../src/scenario/replayItf.ts';
import { runScenario, unmetExpectations } from '../../src/scenario/run.ts';
import { variantsOf, withVariant } from '../../src/spec/define.ts';
import { call, daxExplorer } from '../support/explorerServer.ts';

const ids = variantsOf(lock).map((v) => v.id);
let ex: RunningExplorer;
let daxEx: Awaited<ReturnType<typeof daxExplorer>>;
beforeAll(async () => {
  ex = await startExplorer({ walker: new Walker(ids.map((id) => withVariant(lock, id)), {}), spec: 'examples/lock.model.ts', maxStates: 100_000 });
  daxEx = await daxExplorer();
});
afterAll(async () => {
  await ex?.close();
  await daxEx?.close();
});

const post = (path: string, body: unknown) => call(ex.url, 'POST', path, body);
const stepsOf = async (name: string) => (await post('/api/scenario', { name })).body.steps;
const cellOf = (row: any, id: string) => row.cells.find((c: any) => c.design === id);

describe('the lock explorer\'s named cases', () => {
  it('give every step, in every design, the outcome replay gives', async () => {
    for (const { name, scenario } of scenarioFiles(lock)) {
      const v = (await post('/api/walk', { steps: await stepsOf(name) })).body;
      for (const id of ids) {
        const replayed = runScenario(scenario, withVariant(lock, id)).steps.map((s) => s.outcome);
        expect(v.rows.map((r: any) => cellOf(r, id).outcome), `${name} under ${id}`).toEqual(replayed);
      }
    }
    // Kleppmann's figure, step 9: the late write is accepted where no lease ran out (no hidden `late` pinned).
    const v = (await post('/api/walk', { steps: await stepsOf('01') })).body;
    expect(v.rows[8].text).toBe('c1: write via api with token 1');
    expect(['redlock-timing-assumed', 'no-expiry', 'redlock'].map((id) => cellOf(v.rows[8], id).outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(cellOf(v.rows[8], 'fencing-tokens').outcome).toBe('rejected: stale token');
  });

  it('export, in every design, a scenario whose replay meets every expectation, and ITF that replays', async () => {
    for (const name of ['01', '05']) {
      const steps = await stepsOf(name);
      const v = (await post('/api/walk', { steps })).body;
      for (const id of ids) {
        const r = await post('/api/export/scenario', { design: id, steps });
        const sc = parseScenario(r.body.name, r.body.text);
        const run = runScenario(sc, withVariant(lock, id));
        expect(unmetExpectations(sc, [run], ids), `${name} under ${id}:\n${r.body.text}`).toEqual([]);
        expect(run.steps.map((s) => s.outcome)).toEqual(v.rows.map((row: any) => cellOf(row, id).outcome));
        const itf = (await post('/api/export/itf', { design: id, steps })).body.itf;
        expect(replayItf(withVariant(lock, id), parseItf(JSON.stringify(itf), 'walk.itf.json')).trace.steps).toHaveLength(run.path.length + 1);
      }
    }
  });

  it('name a walked write without the outcome of any design', async () => {
    // The same case walked as plain operations (op and parameters, no scenario line).
    const steps = (await stepsOf('01')).map(({ op, params }: any) => ({ op, params }));
    const v = (await post('/api/walk', { steps })).body;
    expect(v.rows[8].text).toBe('c1: write via api with token 1');
    expect(v.rows[9].text).toBe('c1: release the lock (token 1)');
    expect(v.rows.map((r: any) => r.text).join('\n')).not.toMatch(/-> (accepted|rejected|released|refused)/);
  });
});

describe('step labels', () => {
  it('do not say ETXTBSY for the DAX truncate every design answers with freed blocks', async () => {
    const v = (await call(daxEx.url, 'POST', '/api/walk', { steps: [] })).body;
    const truncate = v.enabled.find((g: any) => g.op === 'truncate').steps[0];
    expect(Object.values(truncate.in).flat().map((o: any) => o.outcome)).toEqual(Array(7).fill('ok'));
    expect(truncate.text).toBe('admin: truncate(d, 0)');
  });

  it('are the outcome-free stem of an operation\'s labels, or none', () => {
    expect(commonStem(['admin: truncate(d, 0) = ETXTBSY', 'admin: truncate(d, 0): blocks freed', 'admin: truncate(d, 0) waits for the pins to go'])).toBe('admin: truncate(d, 0)');
    expect(commonStem(['c1: write via api with token 1 -> accepted', 'c1: write via api with token 1 -> rejected'])).toBe('c1: write via api with token 1');
    expect(commonStem(['x: f(a) = EBUSY', 'x: f(a) = EBADF'])).toBe('x: f(a)');
    expect(commonStem(['A: exit closes(fd10)', 'A: exit close of fd10 blocks'])).toBeUndefined();
    expect(commonStem(['A: ibv_reg_mr(...) = EPERM', 'A: ibv_reg_mr(fd15, d block 0) = mr0'])).toBeUndefined();
  });
});
