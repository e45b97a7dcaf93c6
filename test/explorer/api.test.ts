/**
 * The explorer's JSON API (docs/explorer-api.md) over the DAX designs, served on a loopback port:
 * walks side by side, properties at a state, typed predicates, ITF traces in and out, scenarios out,
 * and bad input answered with a coded message while the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dax from '../../specs/dax.model.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { runScenario, unmetExpectations } from '../../src/scenario/run.ts';
import { parseItf, replayItf } from '../../src/scenario/replayItf.ts';
import { variantsOf, withVariant } from '../../src/spec/define.ts';
import { call, daxExplorer } from '../support/explorerServer.ts';

let ex: Awaited<ReturnType<typeof daxExplorer>>;
const reports = mkdtempSync(join(tmpdir(), 'lc-explore-reports-'));
beforeAll(async () => {
  ex = await daxExplorer({ reports });
});
afterAll(async () => ex?.close());

const get = (path: string) => call(ex.url, 'GET', path);
const post = (path: string, body: unknown) => call(ex.url, 'POST', path, body);

/** Jan Kara's case (specs/scenarios/03-sigkill-exit-order.scenario) as the walk the page builds from it. */
async function case3() {
  const r = await post('/api/scenario', { name: '03' });
  expect(r.status).toBe(200);
  return r.body.steps;
}

describe('GET /api', () => {
  it('says what is explored: the system, scope, designs and properties, versioned', async () => {
    const r = await get('/api');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ schema: 'leasecheck/explorer', schemaVersion: 1, system: 'dax', variantWord: 'design', scope: { processes: 2 } });
    expect(r.body.designs.map((d: { id: string }) => d.id)).toEqual(variantsOf(dax).map((v) => v.id));
    expect(r.body.properties.map((p: { id: string }) => p.id)).toContain('no-unkillable-close');
  });
});

describe('POST /api/walk', () => {
  it('applies the same operation in every design and shows each outcome, the first divergence among those that can run it', async () => {
    const v = (await post('/api/walk', { steps: await case3() })).body;
    expect(v.schema).toBe('leasecheck/explorer-walk');
    const col = (id: string) => v.rows.map((r: any) => r.cells.find((c: any) => c.design === id).outcome);
    expect(col('blocking-close')).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'blocks', 'impossible', 'impossible']);
    expect(col('zombie-lease')[7]).toBe('ok: lease becomes a zombie');
    expect(col('blocking-close-killable')[7]).toBe('ok: lease dropped, pins live on');
    expect(col('mainline-2019').slice(0, 5)).toEqual(['ok', 'EINVAL', 'ok', 'ok', 'EOPNOTSUPP']);
    // The impossible step says why, in the spec's words, and the design stays where it was.
    const bc9 = v.rows[8].cells.find((c: any) => c.design === 'blocking-close');
    expect(bc9.detail).toBe('A is blocked in close()');
    expect(v.divergence).toEqual({ step: 8, cannotRun: [{ design: 'mainline-2019', step: 2, outcome: 'EINVAL' }] });
    expect(v.divergent).toEqual([2, 5, 8, 9, 10]);
  });

  it('judges Jan Kara\'s deadlock: A can never die from step 8 on in blocking-close, and marks that state', async () => {
    const v = (await post('/api/walk', { steps: await case3() })).body;
    const bc = v.designs.find((d: any) => d.id === 'blocking-close');
    const p = bc.properties.find((x: any) => x.id === 'no-unkillable-close');
    expect(p).toMatchObject({ status: 'violated', since: 8 });
    expect(p.explain).toMatch(/Jan Kara/);
    expect(bc.marks).toContainEqual(expect.objectContaining({ at: 8, kind: 'hopeless', property: 'no-unkillable-close' }));
    expect(bc.stepTableHtml).toMatch(/<tr class="marked"><td class="num">8<\/td>/);
    expect(bc.diagramSvg).toContain('no-unkillable-close is violated from here on');
    // Where A does die, the same property is not judged violated.
    const killable = v.designs.find((d: any) => d.id === 'blocking-close-killable');
    expect(killable.properties.find((x: any) => x.id === 'no-unkillable-close').status).toBe('n/a');
  });

  it('marks the state that breaks an invariant, with its description', async () => {
    const steps = [
      { op: 'open', params: { p: 'A', file: 'd' } },
      { op: 'open', params: { p: 'A' } },
      { op: 'mmap', params: { p: 'A', fd: 10 } },
      { op: 'F_SETLEASE', params: { p: 'A', fd: 10 } },
      { op: 'ibv_reg_mr', params: { p: 'A', mr: 'mr0', ctx: 'A.ctx', file: 'd', block: 0, phys: 0 } },
      { op: 'close', params: { p: 'A', fd: 10 } },
    ];
    const v = (await post('/api/walk', { steps })).body;
    const z = v.designs.find((d: any) => d.id === 'zombie-lease');
    const strict = z.properties.find((x: any) => x.id === 'no-lease-less-pin-strict');
    expect(strict).toMatchObject({ status: 'violated', since: 6 });
    expect(strict.description).toMatch(/every process holding a pinning RDMA context holds an active lease/);
    expect(z.stepTableHtml).toMatch(/<tr class="marked"><td class="num">6<\/td><td class="act">[^<]*(<strong class="mark">[^<]*<\/strong>)*<strong class="mark">✗ no-lease-less-pin-strict is false here: every process holding/);
    expect(z.stateHtml).toContain('class="lanes"');
    expect(z.stateHtml).not.toMatch(/>kind: /); // the DAX fields hook hides it
  });

  it('lists the enabled steps grouped by operation, with what each design does', async () => {
    const v = (await post('/api/walk', { steps: [] })).body;
    const open = v.enabled.find((g: any) => g.op === 'open');
    const a = open.steps.find((s: any) => s.text === 'A: open(d) = fd10');
    expect(Object.keys(a.in)).toHaveLength(7);
    expect(a.in['zombie-lease']).toEqual([{ outcome: 'ok', label: 'A: open(d) = fd10' }]);
  });
});

describe('POST /api/find', () => {
  it('finds the shortest walk to a state a typed predicate picks', async () => {
    const r = await post('/api/find', { design: 'zombie-lease', predicate: 's.lease_d === undefined ? s["lease.d"].value === "zombie" : false' });
    expect(r.status).toBe(200);
    expect(r.body.found).toBe(true);
    const v = (await post('/api/walk', { steps: r.body.steps })).body;
    expect(v.designs.find((d: any) => d.id === 'zombie-lease').state['lease.d'].value).toBe('zombie');
    expect(r.body.steps).toHaveLength(6);
  });

  it('says when no state satisfies it', async () => {
    const r = await post('/api/find', { design: 'mainline-2019', predicate: '(s) => s["lease.d"].value === "held"' });
    expect(r.body).toMatchObject({ found: false, complete: true });
    expect(r.body.reason).toMatch(/no reachable state of mainline-2019 satisfies it/);
  });

  it('answers a predicate that does not compile, throws or loops with a coded message, and keeps serving', async () => {
    expect((await post('/api/find', { predicate: 's.A.value ===' })).body.error).toMatchObject({ code: 'LC043', message: expect.stringMatching(/does not compile/) });
    expect((await post('/api/find', { predicate: 's.nobody.value' })).body.error).toMatchObject({ code: 'LC022', message: expect.stringMatching(/the predicate threw: .*undefined/) });
    // Its own words are its own: "timed out" in what it throws is not the time limit.
    expect((await post('/api/find', { predicate: '(() => { throw new Error("lease\\ntimed out") })()' })).body.error).toMatchObject({ code: 'LC022', message: expect.stringMatching(/^the predicate threw: (Error: )?lease \| timed out$/) });
    const loop = await post('/api/find', { predicate: '(() => { for (;;) {} })()' });
    expect(loop.status).toBe(400);
    expect(loop.body.error).toMatchObject({ code: 'LC022', message: expect.stringMatching(/ran for more than 1000 ms on one state and was stopped/) });
    expect((await post('/api/find', { predicate: '' })).body.error.code).toBe('LC043');
    expect((await get('/api')).status).toBe(200);
  });
});

describe('ITF traces and scenarios, in and out', () => {
  it('exports the walk as ITF that replays on real actors, and opens it again, from a path or an upload', async () => {
    const steps = await case3();
    const r = await post('/api/export/itf', { design: 'blocking-close', steps });
    expect(r.status).toBe(200);
    expect(r.body.itf['#meta']).toMatchObject({ variant: 'blocking-close', trace: 'explorer walk', impossibleSteps: [{ step: 9, why: 'A is blocked in close()' }, { step: 10, why: 'A is blocked in close()' }] });
    const text = JSON.stringify(r.body.itf);
    const replayed = replayItf(withVariant(dax, 'blocking-close'), parseItf(text, 'walk.itf.json'));
    expect(replayed.trace.steps).toHaveLength(9);
    mkdirSync(join(reports, 'traces', 'blocking-close'), { recursive: true });
    writeFileSync(join(reports, 'traces', 'blocking-close', 'walk.itf.json'), text);
    expect((await get('/api/traces')).body.traces).toEqual([{ path: 'traces/blocking-close/walk.itf.json', variant: 'blocking-close', trace: 'explorer walk', steps: 8 }]);
    const opened = await post('/api/itf', { path: 'traces/blocking-close/walk.itf.json' });
    expect(opened.body).toMatchObject({ design: 'blocking-close', trace: 'explorer walk' });
    expect(opened.body.steps).toHaveLength(8);
    const uploaded = await post('/api/itf', { name: 'up.itf.json', text });
    expect(uploaded.body.steps).toEqual(opened.body.steps);
  });

  it('refuses a malformed ITF file, a path outside the report folder, a trace of another scope', async () => {
    expect((await post('/api/itf', { name: 'x.json', text: '{ nope' })).body.error).toMatchObject({ code: 'LC041' });
    expect((await post('/api/itf', { name: 'x.json', text: '{"vars": []}' })).body.error.code).toBe('LC041');
    expect((await post('/api/itf', { path: '../../etc/passwd' })).body.error).toMatchObject({ code: 'LC043', message: expect.stringMatching(/outside the report folder/) });
    const itf = (await post('/api/export/itf', { design: 'zombie-lease', steps: [] })).body.itf;
    itf['#meta'].scope.processes = 3;
    expect((await post('/api/itf', { text: JSON.stringify(itf) })).body.error).toMatchObject({ code: 'LC002', message: expect.stringMatching(/--scope/) });
  });

  it('exports the walk as a scenario file whose replay gives the same outcomes, expectations included', async () => {
    const steps = await case3();
    const v = (await post('/api/walk', { steps })).body;
    for (const id of ['blocking-close', 'zombie-lease', 'mainline-2019']) {
      const r = await post('/api/export/scenario', { design: id, steps });
      expect(r.body.name).toBe(`walk-${id}.scenario`);
      const sc = parseScenario(r.body.name, r.body.text);
      const run = runScenario(sc, withVariant(dax, id));
      expect(run.steps.map((s) => s.outcome)).toEqual(v.rows.map((row: any) => row.cells.find((c: any) => c.design === id).outcome));
      expect(unmetExpectations(sc, [run], variantsOf(dax).map((x) => x.id))).toEqual([]);
    }
  });
});

describe('bad requests', () => {
  it('answers each with a status and a coded message, and goes on serving', async () => {
    expect(await get('/api/nothing')).toMatchObject({ status: 404, body: { error: { code: 'LC043' } } });
    expect(await get('/api/walk')).toMatchObject({ status: 405 });
    expect(await call(ex.url, 'POST', '/api/walk', '{"steps": [', {})).toMatchObject({ status: 400, body: { error: { message: 'the request body is not JSON' } } });
    expect((await call(ex.url, 'POST', '/api/walk', 'steps=[]', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('/api/walk', { steps: [{ op: 3 }] })).body.error).toEqual({ code: 'LC043', message: 'step 1: "op" must be a non-empty string' });
    expect((await post('/api/export/itf', { design: 'nope', steps: [] })).body.error).toMatchObject({ code: 'LC040', message: expect.stringMatching(/no design "nope"/) });
    const unknownOp = (await post('/api/walk', { steps: [{ op: 'teleport', params: {} }] })).body;
    expect(unknownOp.rows[0].cells.every((c: any) => c.outcome === 'impossible' && c.detail === 'this design has no such operation')).toBe(true);
    expect((await get('/api')).status).toBe(200);
  });

  it('refuses a request that names another host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const u = new URL(ex.url);
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: u.hostname, port: u.port, path: '/api', headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('serves the page and its own script and stylesheet under a strict CSP, nothing external', async () => {
    const r = await fetch(ex.url);
    const html = await r.text();
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('<script src="/app.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(new URL('/app.js', ex.url))).headers.get('content-type')).toMatch(/javascript/);
  });
});
