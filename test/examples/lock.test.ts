import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { check, replayTrace, traceOf, variantsOf, withVariant, type CheckSuccess } from '../../src/index.ts';
import { scenarioFiles } from '../../src/scenario/files.ts';
import { runScenario, unmetExpectations } from '../../src/scenario/run.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import lock from '../../examples/lock.model.ts';
import { EXPLANATIONS } from '../../examples/lock/explanations.ts';

const V = 'violated';
const H = 'holds';

const PROPS = ['no-late-write', 'writes-in-lease-order', 'pause-outlives-lease', 'late-write-rejected', 'lease-ends', 'every-client-finishes', 'deadlock-free'];

/**
 * The verdict matrix at the default scope (clients=2, rounds=1), with the length of the shortest
 * counterexample (or witness, for a `sometimes` that holds; null when there is no trace). The
 * README explains every cell; the surprise is fencing-tokens / no-late-write (see the explanations).
 */
const EXPECTED: Record<string, [string, number | null][]> = {
  redlock: [[V, 6], [V, 7], [H, 4], [V, null], [H, null], [H, null], [H, null]],
  'fencing-tokens': [[V, 6], [H, null], [H, 4], [H, 7], [H, null], [H, null], [H, null]],
  'fencing-api-only': [[V, 6], [V, 7], [H, 4], [H, 7], [H, null], [H, null], [H, null]],
  'random-token-cas': [[V, 7], [V, 9], [H, 4], [H, 8], [H, null], [H, null], [H, null]],
  'redlock-timing-assumed': [[H, null], [H, null], [V, null], [V, null], [H, null], [H, null], [H, null]],
  'no-expiry': [[H, null], [H, null], [V, null], [V, null], [V, 2], [V, 2], [V, 2]],
};

const DESIGNS = variantsOf(lock).map((v) => v.id);

const results = new Map<string, CheckSuccess>();
function run(id: string): CheckSuccess {
  let r = results.get(id);
  if (!r) {
    const c = check(withVariant(lock, id));
    if (c.status === 'error') throw c.error;
    r = c;
    results.set(id, r);
  }
  return r;
}

describe('the lock designs at the default scope', () => {
  it('declares the six designs, in this order', () => {
    expect(DESIGNS).toEqual(Object.keys(EXPECTED));
  });

  for (const id of Object.keys(EXPECTED)) {
    it(`${id}: verdicts and shortest trace lengths as pinned, every trace replayed on real actors`, () => {
      const r = run(id);
      expect(r.status).toBe('complete');
      expect(r.properties.map((p) => p.id)).toEqual(PROPS);
      expect(r.properties.map((p) => [p.verdict, p.trace ? p.trace.steps.length - 1 : null])).toEqual(EXPECTED[id]);
      for (const p of r.properties) if (p.trace) replayTrace(r.system, p.trace);
    });
  }

  it('every violated cell has its explanation in the debate\'s words, and no other cell has one', () => {
    const violated = Object.entries(EXPECTED).flatMap(([id, row]) => row.flatMap(([v], i) => (v === V ? [`${id} / ${PROPS[i]}`] : [])));
    expect(Object.keys(EXPLANATIONS).sort()).toEqual(violated.sort());
    for (const [cell, text] of Object.entries(EXPLANATIONS)) {
      const [design, property] = cell.split(' / ');
      expect(lock.present.explain?.({ variant: design, knobs: withVariant(lock, design).variant.knobs, property })).toBe(text);
    }
  });

  it("Kleppmann's late write: accepted without fencing, rejected with it (the write after the new holder's)", () => {
    const last = (id: string) => {
      const p = run(id).properties.find((x) => x.id === 'writes-in-lease-order')!;
      return p.trace ? p.trace.steps[p.trace.steps.length - 1].action!.label : undefined;
    };
    expect(last('redlock')).toBe('c1: write via api with token 1 -> accepted');
    expect(last('fencing-api-only')).toBe('c1: write via batch with token 1 -> accepted');
    expect(last('fencing-tokens')).toBeUndefined();
  });

  it('the committed gate expectations (examples/lock.expectations.json) are these verdicts', () => {
    const file = JSON.parse(readFileSync(new URL('../../examples/lock.expectations.json', import.meta.url), 'utf8')) as {
      scope: Record<string, number>;
      verdicts: Record<string, Record<string, string>>;
    };
    expect(file.scope).toEqual({ clients: 2, rounds: 1 });
    const now = Object.fromEntries(DESIGNS.map((id) => [id, Object.fromEntries(run(id).properties.map((p) => [p.id, p.verdict]))]));
    expect(file.verdicts).toEqual(now);
  });

  it('--symmetry over the interchangeable clients gives the same safety verdicts and lengths', () => {
    for (const id of ['redlock', 'fencing-tokens', 'random-token-cas']) {
      const reduced = check(withVariant(lock, id), { symmetry: true, safetyOnly: true });
      if (reduced.status === 'error') throw reduced.error;
      const full = run(id);
      for (const p of reduced.properties.filter((x) => x.kind === 'always' || x.kind === 'sometimes')) {
        const q = full.properties.find((x) => x.id === p.id)!;
        expect([p.id, p.verdict, p.trace?.steps.length]).toEqual([q.id, q.verdict, q.trace?.steps.length]);
        if (p.trace) replayTrace(reduced.system, p.trace);
      }
    }
  });
});

describe('the named scenarios (examples/lock-scenarios)', () => {
  const files = scenarioFiles(lock);

  it('ships five scenarios, each citing its source', () => {
    expect(files.map((f) => f.name)).toHaveLength(5);
    for (const f of files) expect(f.scenario.source).toMatch(/Kleppmann|antirez|leasecheck/);
  });

  for (const { name, scenario } of files) {
    it(`${name}: the expected outcome under every design, replayed on real actors`, () => {
      const runs = DESIGNS.map((id) => runScenario(scenario, withVariant(lock, id)));
      expect(unmetExpectations(scenario, runs, DESIGNS)).toEqual([]);
      for (const r of runs) replayTrace(r.system, traceOf(r.system, r.path));
      // Every design has at least one expectation, so no column goes unchecked.
      for (const d of DESIGNS) expect(scenario.expectations.some((e) => e.variants === '*' || e.variants.includes(d)), `${name} / ${d}`).toBe(true);
    });
  }

  it('a step may leave out the outcome; the full label works too, and an impossible step says why in the debate\'s words', () => {
    const sc = parseScenario('x', [
      'c1: acquire the lock -> token 1',
      'c2: acquire the lock',
      'c1: pause (GC, network delay)',
      'lock: the lease of c1 expires',
    ].join('\n'));
    const timing = runScenario(sc, withVariant(lock, 'redlock-timing-assumed'));
    expect(timing.steps.map((s) => s.outcome)).toEqual(['ok', 'impossible', 'ok', 'impossible']);
    expect(timing.steps[1].detail).toBe('the lock is held by c1 (token 1)');
    expect(timing.steps[3].detail).toMatch(/timing assumptions/);
    expect(runScenario(sc, withVariant(lock, 'redlock')).steps[3].outcome).toBe('ok');
  });
});

describe('typed specs: the compiler catches misspelt actors, fields, states, events and knobs', () => {
  it('test/examples/lockTypes.ts has, under each marker, exactly the error code the marker names', () => {
    const file = fileURLToPath(new URL('./lockTypes.ts', import.meta.url));
    const text = readFileSync(file, 'utf8');
    const expected: string[] = [];
    text.split('\n').forEach((line, i) => {
      const m = /@ts-expect-error (TS\d+)/.exec(line);
      if (m) expected.push(`${i + 2}: ${m[1]}`);
    });
    expect(expected.length).toBeGreaterThanOrEqual(12);
    // The markers disabled (same length, so positions stay), the file is checked as the project checks it.
    const disabled = text.replace(/@ts-expect-error/g, '@ts-expect-errox');
    const configPath = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
    if (!config) throw new Error('cannot read tsconfig.json');
    // Only this file's diagnostics are read, so the ambient node types are not needed (they cost a second).
    const options = { ...config.options, types: [] };
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) => (name === file.replaceAll('\\', '/') || name === file ? ts.createSourceFile(name, disabled, lang, true) : read(name, lang, ...rest));
    const program = ts.createProgram([file], options, host);
    const source = program.getSourceFile(file)!;
    const got = ts
      .getPreEmitDiagnostics(program, source)
      .filter((d) => d.file === source)
      .map((d) => `${source.getLineAndCharacterOfPosition(d.start!).line + 1}: TS${d.code}`);
    expect([...new Set(got)].sort()).toEqual(expected.sort());
  });
});
