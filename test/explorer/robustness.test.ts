/**
 * The explorer's audit findings, at the API: a predicate cannot change the state (nor can a spec's
 * property in `check`), only this spec's traces are listed, named cases that need another scope are
 * listed apart, hints name this spec's actors, and the find reports how many states it tried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign, setup } from 'xstate';
import lock from '../../examples/lock.model.ts';
import dax from '../../specs/dax.model.ts';
import { check } from '../../src/engine/check.ts';
import { deepFreeze, isStateWrite } from '../../src/engine/freezeSnapshot.ts';
import { startExplorer, type RunningExplorer } from '../../src/explorer/server.ts';
import { examplePredicate } from '../../src/explorer/predicate.ts';
import { Walker } from '../../src/explorer/walk.ts';
import { always, defineSystem, joint } from '../../src/index.ts';
import { variantsOf, withVariant } from '../../src/spec/define.ts';
import type { System } from '../../src/spec/system.ts';
import { call, daxExplorer } from '../support/explorerServer.ts';

const LOCK_TRACE = 'examples/lock-report/traces/fencing-tokens/late-write-rejected.itf.json';
const DAX_TRACE = 'reports/traces/zombie-lease/no-lease-less-pin-strict.itf.json';

async function explorer(system: System, opts: { reports?: string; scope?: Record<string, number> } = {}): Promise<RunningExplorer> {
  const walker = new Walker(variantsOf(system).map((v) => withVariant(system, v.id)), opts.scope ?? {});
  return startExplorer({ walker, spec: 'x.model.ts', maxStates: 500_000, ...(opts.reports ? { reports: opts.reports } : {}) });
}

/** A report folder holding copies of `files` under traces/. */
function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lc-explore-traces-'));
  mkdirSync(join(dir, 'traces'));
  files.forEach((f, i) => copyFileSync(f, join(dir, 'traces', `${i}.itf.json`)));
  return dir;
}

let lockEx: RunningExplorer;
let daxEx: RunningExplorer;
const mixed = folder([LOCK_TRACE, DAX_TRACE]);
beforeAll(async () => {
  lockEx = await explorer(lock, { reports: mixed });
  daxEx = await daxExplorer();
});
afterAll(async () => {
  await lockEx?.close();
  await daxEx?.close();
});
const lockPost = (path: string, body: unknown) => call(lockEx.url, 'POST', path, body);
const daxPost = (path: string, body: unknown) => call(daxEx.url, 'POST', path, body);
const initial = async (post: typeof lockPost, actor: string) =>
  ((await post('/api/walk', { steps: [] })).body.designs as any[]).map((d) => d.state[actor].value);

describe('a predicate that writes to the state', () => {
  it('is LC022 saying so, and changes nothing: the walks, the finds and the exports are as before', async () => {
    const before = await initial(lockPost, 'c1');
    for (const predicate of ["s.c1.value = 'done'", 's.c1 = 1', 'delete s.c1', 's.c1.context.x = 1', '(s) => { s.c1.status = "done"; return false }', 'Object.defineProperty(s, "c9", { value: 1 })']) {
      const r = await lockPost('/api/find', { predicate });
      expect(r.status, predicate).toBe(400);
      expect(r.body.error, predicate).toMatchObject({ code: 'LC022', message: expect.stringMatching(/^the predicate must not change the state .*nothing was changed/) });
    }
    expect(await initial(lockPost, 'c1')).toEqual(before);
    expect((await lockPost('/api/export/itf', { steps: [] })).status).toBe(200);
    expect((await lockPost('/api/find', { predicate: "s.c1.value === 'holding'" })).body).toMatchObject({ found: true, steps: [{ op: 'acquire' }] });
  });

  it('cannot leave a DAX design stuck (mainline-2019\'s A)', async () => {
    const before = await initial(daxPost, 'A');
    expect((await daxPost('/api/find', { design: 'mainline-2019', predicate: '(s.A.value = 1, false)' })).body.error.code).toBe('LC022');
    expect(await initial(daxPost, 'A')).toEqual(before);
    expect((await daxPost('/api/export/itf', { design: 'mainline-2019', steps: [] })).status).toBe(200);
  });

  it('in a property of `check`, is LC022 naming the property, with verdicts unchanged for the spec that reads only', () => {
    const m = setup({ types: { context: {} as { n: number; seen: Map<string, number> }, events: {} as { type: 'INC' } } }).createMachine({
      context: { n: 0, seen: new Map([['a', 1]]) },
      initial: 'on',
      states: { on: { on: { INC: { guard: ({ context }) => context.n < 2, actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
    });
    const spec = (p: (s: any) => boolean) =>
      defineSystem({ name: 'w', build: () => ({ actors: { a: { machine: m } }, actions: [joint({ name: 'inc', steps: () => ({ actor: 'a', event: { type: 'INC' } }) })], properties: [always('p', p)], checkDeadlock: false }) });
    for (const p of [(s: any) => ((s.a.context.n = 5), true), (s: any) => (s.a.context.seen.set('b', 2), true), (s: any) => ((s.a.value = 'x'), true)]) {
      const r = check(spec(p));
      expect(r.status).toBe('error');
      if (r.status === 'error') expect(r.error).toMatchObject({ code: 'LC022', message: expect.stringMatching(/^property p threw: .*the state is read-only/) });
    }
    const ok = check(spec((s) => s.a.context.n < 3));
    expect(ok.status === 'complete' && ok.properties[0].verdict).toBe('holds');
  });

  it('in a machine action that changes its context in place, is LC020 (it would have changed an explored state)', () => {
    const m = setup({ types: { context: {} as { list: number[] }, events: {} as { type: 'ADD' } } }).createMachine({
      context: { list: [] },
      initial: 'on',
      states: { on: { on: { ADD: { actions: assign({ list: ({ context }) => (context.list.push(1), context.list) }) } } } },
    });
    const r = check(defineSystem({ name: 'w', build: () => ({ actors: { a: { machine: m } }, actions: [joint({ name: 'add', steps: () => ({ actor: 'a', event: { type: 'ADD' } }) })], properties: [] }) }));
    expect(r.status === 'error' && r.error).toMatchObject({ code: 'LC020', message: expect.stringMatching(/not extensible .*explored snapshots are frozen/) });
  });

  it('deep-freezes contexts, Maps, Sets and Dates included, and knows the errors of a write', () => {
    const ctx = { list: [1], m: new Map([['k', { v: 1 }]]), set: new Set([1]), d: new Date(0) };
    deepFreeze(ctx);
    const writes = [() => ctx.list.push(2), () => ctx.m.set('x', { v: 2 }), () => (ctx.m.get('k')!.v = 3), () => ctx.set.add(2), () => ctx.d.setTime(5), () => ((ctx as any).y = 1)];
    for (const w of writes) expect(() => w()).toThrow(TypeError);
    for (const w of writes) {
      try {
        w();
      } catch (e) {
        expect(isStateWrite(e)).toBe(true);
      }
    }
    expect(isStateWrite(new TypeError('x is not a function'))).toBe(false);
    expect(ctx.m.get('k')).toEqual({ v: 1 });
  });
});

describe('GET /api/traces', () => {
  it('lists only this spec\'s traces, saying how many of another were left out; opening one of those says whose it is', async () => {
    const r = (await call(lockEx.url, 'GET', '/api/traces')).body;
    expect(r.traces).toHaveLength(1);
    expect(r.traces[0]).toMatchObject({ path: 'traces/0.itf.json', variant: 'fencing-tokens' });
    expect(r).toMatchObject({ otherSpecs: 1, note: '1 trace of another spec (dax) left out' });
    expect((await lockPost('/api/itf', { path: 'traces/0.itf.json' })).status).toBe(200);
    const foreign = await lockPost('/api/itf', { path: 'traces/1.itf.json' });
    expect(foreign.body.error).toMatchObject({ code: 'LC040', message: expect.stringMatching(/is a trace of spec dax .*not of distributed-lock.*nothing was loaded: the walk is unchanged$/) });
    expect(foreign.body.error.message).not.toMatch(/--variants/);
  });

  it('lists none, and says why, when the folder holds only another spec\'s or there is no folder', async () => {
    const only = await explorer(lock, { reports: folder([DAX_TRACE]) });
    const none = await explorer(lock);
    try {
      const r = (await call(only.url, 'GET', '/api/traces')).body;
      expect(r.traces).toEqual([]);
      expect(r.note).toMatch(/^no trace of distributed-lock in .*\/ \(1 trace of another spec \(dax\) left out\); pass --reports DIR/);
      expect((await call(none.url, 'GET', '/api/traces')).body).toMatchObject({ folder: null, traces: [], note: expect.stringMatching(/--reports DIR/) });
    } finally {
      await only.close();
      await none.close();
    }
  });
});

describe('GET /api/scenarios', () => {
  it('offers only the cases that run at the explorer\'s scope, and lists the others with the scope they need', async () => {
    const r = (await call(daxEx.url, 'GET', '/api/scenarios')).body;
    expect(r.scenarios).toHaveLength(11);
    expect(r.scenarios.every((n: string) => n < '12')).toBe(true);
    expect(r.unavailable.map((u: any) => u.name.slice(0, 2))).toEqual(['12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22']);
    expect(r.unavailable[0]).toEqual({ name: '12-threads-close-races-pin', needs: { threads: 1 }, reason: 'needs threads=1 (this explorer walks threads=0): start it with --scope threads=1' });
    expect(r.unavailable.find((u: any) => u.name.startsWith('21')).reason).toBe('needs passData=1,processes=3 (this explorer walks passData=0,processes=2): start it with --scope passData=1,processes=3');
    for (const name of r.scenarios) expect((await daxPost('/api/scenario', { name })).status, name).toBe(200);
  });

  it('offers them at their scope; a failed load says nothing changed', async () => {
    const threads = await explorer(dax, { scope: { threads: 1 } });
    try {
      const r = (await call(threads.url, 'GET', '/api/scenarios')).body;
      expect(r.scenarios).toEqual(expect.arrayContaining(['12-threads-close-races-pin', '13-threads-other-thread-ends-wait']));
      expect((await call(threads.url, 'POST', '/api/scenario', { name: '12' })).status).toBe(200);
    } finally {
      await threads.close();
    }
    const failed = await daxPost('/api/scenario', { name: '12' });
    expect(failed.body.error).toMatchObject({ code: 'LC002', message: expect.stringMatching(/--scope threads=1.*; nothing was loaded: the walk is unchanged$/) });
    expect((await daxPost('/api/scenario', { name: 'no-such-case' })).body.error.message).toMatch(/nothing was loaded/);
  });
});

describe('POST /api/find', () => {
  it('hints with this spec\'s first actor and its starting state, not DAX\'s', async () => {
    const empty = (await lockPost('/api/find', { predicate: '' })).body.error;
    expect(empty).toEqual({ code: 'LC043', message: 'type a predicate over the state s, e.g. s.c1.value === "waiting"' });
    expect((await lockPost('/api/find', { predicate: 's.c1.value ===' })).body.error.message).toMatch(/does not compile: .*\(a predicate reads like s\.c1\.value === "waiting"\)$/);
    expect((await daxPost('/api/find', { predicate: ' ' })).body.error.message).toContain('s.A.value === "running"');
    expect(examplePredicate('lease.d', 'none')).toBe('s["lease.d"].value === "none"');
    expect(examplePredicate('p', { alive: 'running' })).toBe('s.p.matches("alive")');
  });

  it('reports the states tried up to the hit, and every count formatted alike', async () => {
    const now = (await daxPost('/api/find', { predicate: 'true' })).body;
    expect(now).toMatchObject({ found: true, steps: [], states: 1, message: 'Found in mainline-2019: the initial state satisfies it (1 state searched).' });
    const deep = (await daxPost('/api/find', { design: 'zombie-lease', predicate: 's["lease.d"].value === "zombie"' })).body;
    expect(deep.steps).toHaveLength(6);
    expect(deep.states).toBeLessThan(177_516);
    expect(deep.message).toBe(`Found in zombie-lease: the shortest path is 6 steps (${deep.states.toLocaleString('en-US')} states searched).`);
    expect(deep.message).toMatch(/\(\d{1,3}(,\d{3})+ states searched\)/);
    const none = (await daxPost('/api/find', { design: 'mainline-2019', predicate: 'false' })).body;
    expect(none).toMatchObject({ found: false, complete: true, states: 28_812, message: 'Not found: no reachable state of mainline-2019 satisfies it (all 28,812 states searched).' });
  });
});
