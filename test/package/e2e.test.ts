/**
 * The npm package end to end, as a new user gets it: build and pack the tarball, install it into a
 * fresh project, type-check a typed spec there under the strictest settings, run the installed CLI
 * (also on a spec file outside any project, and with worker threads), and run a vitest test in the
 * project that imports `leasecheck` and calls check(). The installed package runs no install script and
 * has every file its README links to.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headingAnchors, readmeRefs } from './readmeLinks.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const XSTATE = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'xstate', 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { cwd, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

const SPEC = `import { setup, assign } from 'xstate';
import { defineSystem } from 'leasecheck';

const lamp = setup({
  types: { context: {} as { flips: number }, events: {} as { type: 'TOGGLE' } | { type: 'BREAK' } },
}).createMachine({
  id: 'lamp',
  context: { flips: 0 },
  initial: 'off',
  states: {
    off: { on: { TOGGLE: { target: 'on', actions: assign({ flips: ({ context }) => Math.min(context.flips + 1, 2) }) }, BREAK: 'broken' } },
    on: { on: { TOGGLE: 'off' } },
    broken: {},
  },
});

export default defineSystem({
  name: 'lamps',
  knobs: { spare: { values: ['none', 'one'], doc: 'is there a spare lamp?' } },
  variants: [{ id: 'bare', knobs: { spare: 'none' } }, { id: 'spared', knobs: { spare: 'one' } }],
  actors: () => ({ a: { machine: lamp }, b: { machine: lamp } }),
  build: ({ joint, always, sometimes, knobs }) => ({
    actions: [
      joint({ name: 'toggle', params: { l: ['a', 'b'] as const }, steps: ({ l }) => ({ actor: l, event: { type: 'TOGGLE' } }) }),
      joint({ name: 'break', params: { l: ['a', 'b'] as const }, steps: ({ l }) => ({ actor: l, event: { type: 'BREAK' } }) }),
    ],
    properties: [
      always('some-lamp-works', (s) => knobs.spare === 'one' || !s.a.matches('broken') || !s.b.matches('broken')),
      sometimes('flipped-twice', (s) => s.a.context.flips === 2),
    ],
    checkDeadlock: false,
  }),
});
`;

/** The same spec with a misspelt context field, actor and event: each a compile error. */
const MISSPELT = SPEC.replace("s.a.context.flips === 2", 's.a.context.flps === 2')
  .replace("!s.b.matches('broken')", "!s.c.matches('broken')")
  .replace("event: { type: 'BREAK' }", "event: { type: 'BRAKE' }");

/** The same spec as plain JavaScript: loaded with no TypeScript transform (and no loader thread of its own). */
const SPEC_JS = SPEC.replace("types: { context: {} as { flips: number }, events: {} as { type: 'TOGGLE' } | { type: 'BREAK' } },", '').replaceAll(' as const', '');
/** And with a liveness property: the search then keeps the state graph, which workers post a level at a time. */
const SPEC_LIVE_JS = SPEC_JS.replace('({ joint, always, sometimes, knobs })', '({ joint, always, sometimes, possibly, knobs })').replace(
  'properties: [',
  "properties: [\n      possibly('a-can-break', (s) => s.a.matches('broken')),",
);

const STRICT = {
  compilerOptions: {
    strict: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    types: [],
  },
};

let project = '';
let lone = '';
let bin = '';

beforeAll(async () => {
  const build = await run('node', ['scripts/build.mjs'], ROOT);
  expect(build.code, build.stderr + build.stdout).toBe(0);
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  // Under the repository's tmp/ so the test runner itself (vitest) resolves from the repository.
  project = mkdtempSync(join(ROOT, 'tmp', 'e2e-'));
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  const tarball = join(project, (JSON.parse(pack.stdout) as { filename: string }[])[0].filename);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  const install = await run('npm', ['install', tarball, `xstate@${XSTATE}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  expect(install.code, install.stderr).toBe(0);
  writeFileSync(join(project, 'lamps.model.ts'), SPEC);
  bin = join(project, 'node_modules', '.bin', 'leasecheck');
  lone = mkdtempSync(join(tmpdir(), 'lc-lone-'));
  writeFileSync(join(lone, 'lamps.model.ts'), SPEC);
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
  if (lone) rmSync(lone, { recursive: true, force: true });
});

describe('the npm package, installed into a fresh project', () => {
  it('ships the compiled checker, its types and schemas, and nothing of the repository', async () => {
    const pack = await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], ROOT);
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/cli/bin.js');
    expect(files).toContain('schema/check.schema.json');
    expect(files.filter((f) => /^(src|test|bench|reports|specs|examples|expectations)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs without running anything, with every file its README links to', () => {
    const installed = join(project, 'node_modules', 'leasecheck');
    const scripts = (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    expect(Object.keys(scripts).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
    const refs = readmeRefs(readFileSync(join(installed, 'README.md'), 'utf8'));
    expect(refs.map((r) => r.path)).toContain('docs/errors.md');
    expect(refs.filter((r) => !existsSync(join(installed, r.path))).map((r) => r.path)).toEqual([]);
    expect(refs.filter((r) => r.anchor && !headingAnchors(readFileSync(join(installed, r.path), 'utf8')).has(r.anchor))).toEqual([]);
  });

  it('a JavaScript spec that does not parse, or whose build() throws, says where in the spec (Node loads it, no tsx)', async () => {
    writeFileSync(join(project, 'unparsed.model.mjs'), "import { defineSystem } from 'leasecheck';\nexport default defineSystem({\n");
    const unparsed = await run(bin, ['check', 'unparsed.model.mjs'], project);
    expect(unparsed.code).toBe(2);
    expect(unparsed.stderr).toMatch(/^error LC011: spec unparsed\.model\.mjs failed to load: Unexpected end of input \(at \S*unparsed\.model\.mjs:3\)\n$/);
    writeFileSync(join(project, 'misbuilt.model.mjs'), SPEC_JS.replace('build: ({ joint, always, sometimes, knobs }) => ({', 'build: ({ joint, always, sometimes, knobs }) => (Arrayy.from([]), {'));
    const line = SPEC_JS.split('\n').findIndex((l) => l.includes('build: ({ joint')) + 1;
    const misbuilt = await run(bin, ['check', 'misbuilt.model.mjs'], project);
    expect(misbuilt.code).toBe(2);
    expect(misbuilt.stderr).toMatch(new RegExp(`^error LC013: build\\(\\) of system lamps threw: Arrayy is not defined \\(at \\S*misbuilt\\.model\\.mjs:${line}:\\d+\\)\n$`));
  });

  it('a typed spec type-checks under strict NodeNext, noUncheckedIndexedAccess and exactOptionalPropertyTypes, with no error from leasecheck', async () => {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...STRICT, compilerOptions: { ...STRICT.compilerOptions, skipLibCheck: true }, include: ['lamps.model.ts'] }));
    const r = await run('node', [TSC, '-p', '.'], project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Declarations checked too: xstate's own have errors under exactOptionalPropertyTypes, leasecheck's none.
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...STRICT, compilerOptions: { ...STRICT.compilerOptions, skipLibCheck: false }, include: ['lamps.model.ts'] }));
    const all = await run('node', [TSC, '-p', '.'], project);
    expect(all.stdout.split('\n').filter((l) => /^(node_modules\/leasecheck|lamps)/.test(l))).toEqual([]);
  });

  it('a misspelt context field, actor or event is a compile error', async () => {
    writeFileSync(join(project, 'misspelt.model.ts'), MISSPELT);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...STRICT, compilerOptions: { ...STRICT.compilerOptions, skipLibCheck: true }, include: ['misspelt.model.ts'] }));
    const r = await run('node', [TSC, '-p', '.'], project);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/misspelt\.model\.ts\(\d+,\d+\): error TS(2339|2551): Property 'flps' does not exist/);
    expect(r.stdout).toMatch(/misspelt\.model\.ts\(\d+,\d+\): error TS2339: Property 'c' does not exist/);
    expect(r.stdout).toMatch(/misspelt\.model\.ts\(\d+,\d+\): error TS(2322|2820): Type '"BRAKE"' is not assignable/);
  });

  it('the installed CLI checks the spec, every variant, and with worker threads', async () => {
    const one = await run(bin, ['check', 'lamps.model.ts', '--variant', 'bare', '--quiet'], project);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('variant: bare');
    expect(one.stdout).toMatch(/VIOLATED\s+some-lamp-works/);
    const compare = await run(bin, ['compare', 'lamps.model.ts', '--json', '--quiet'], project);
    expect(compare.code).toBe(0);
    const doc = JSON.parse(compare.stdout) as { variants: { id: string; properties: { id: string; verdict: string }[] }[] };
    expect(doc.variants.map((v) => `${v.id}: ${v.properties.map((p) => p.verdict).join(' ')}`)).toEqual(['bare: violated holds', 'spared: holds holds']);
    const workers = await run(bin, ['check', 'lamps.model.ts', '--variant', 'spared', '--workers', '2', '--quiet'], project);
    expect(workers.stderr).toBe('');
    expect(workers.code).toBe(0);
  });

  // Transferring an ArrayBuffer (postMessage with a transfer list) detaches it, and V8 then checks every
  // typed-array access of that thread for a detached buffer, for good: the workers' transfers made each
  // 10-20% slower than the one-thread search (docs/performance.md). V8 says when it gives that up.
  it("no thread of the installed CLI gives up V8's typed-array fast path (no ArrayBuffer detached), with one thread or two workers", async () => {
    writeFileSync(join(project, 'lamps.model.js'), SPEC_JS);
    writeFileSync(join(project, 'lamps-live.model.js'), SPEC_LIVE_JS);
    for (const spec of ['lamps.model.js', 'lamps-live.model.js']) {
      for (const n of ['1', '2']) {
        const r = await run('node', ['--trace-protector-invalidation', bin, 'check', spec, '--variant', 'spared', '--workers', n, '--json'], project);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout + r.stderr).not.toContain('ArrayBufferDetaching');
        const ids = (JSON.parse(r.stdout.replace(/^Invalidating protector.*\n/gm, '')) as { properties: { id: string; verdict: string }[] }).properties.map((p) => `${p.id}: ${p.verdict}`);
        expect(ids).toContain(spec === 'lamps.model.js' ? 'flipped-twice: holds' : 'a-can-break: holds');
      }
    }
  });

  it('a spec file anywhere on disk, with no package.json and no node_modules near it', async () => {
    const r = await run(bin, ['check', join(lone, 'lamps.model.ts'), '--variant', 'spared', '--quiet'], project);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [one, two] = await Promise.all(['1', '2'].map((n) => run(bin, ['check', join(lone, 'lamps.model.ts'), '--variant', 'bare', '--workers', n, '--json'], lone)));
    expect([one.code, two.code]).toEqual([1, 1]);
    const states = (r: Run) => (JSON.parse(r.stdout) as { stats: { distinctStates: number } }).stats.distinctStates;
    expect(states(one)).toBe(64);
    expect(states(two)).toBe(64);
  });

  it("the README's own spec and scenario, verbatim: the matrix it shows, the race, every expectation met", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Using leasecheck on your own design'));
    const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
    const spec = blocks.find((b) => b.lang === 'ts')!.body;
    const printed = blocks.find((b) => b.body.startsWith('variant '))!.body;
    const scenario = blocks.find((b) => b.body.startsWith('# The classic race'))!.body;
    writeFileSync(join(project, 'mutex.model.ts'), spec);
    writeFileSync(join(project, 'race.scenario'), scenario);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...STRICT, compilerOptions: { ...STRICT.compilerOptions, skipLibCheck: true }, include: ['mutex.model.ts'] }));
    const tsc = await run('node', [TSC, '-p', '.'], project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const compare = await run(bin, ['compare', 'mutex.model.ts', '--quiet'], project);
    expect(compare.code).toBe(0);
    const withoutTimes = (t: string) => t.trim().split('\n').map((l) => l.replace(/\s+in [\d.]+ s$/, '').trimEnd());
    expect(withoutTimes(compare.stdout)).toEqual(withoutTimes(printed));
    const check = await run(bin, ['check', 'mutex.model.ts', '--quiet'], project);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/1\. p1: check the lock[\s\S]*2\. p2: check the lock[\s\S]*3\. p1: enter[\s\S]*4\. p2: enter/);
    const replay = await run(bin, ['replay', 'mutex.model.ts', 'race.scenario'], project);
    expect(replay.stdout).toContain('every expectation met');
    expect(replay.code).toBe(0);
  });

  it("a vitest test in the project imports leasecheck and calls check()", async () => {
    writeFileSync(
      join(project, 'lamps.test.ts'),
      `import { expect, it } from 'vitest';
import { check, withVariant } from 'leasecheck';
import lamps from './lamps.model.ts';

it('bare lamps can both break; a spare keeps one working', () => {
  const bare = check(lamps, { variant: 'bare' });
  if (bare.status === 'error') throw bare.error;
  expect(bare.properties.find((p) => p.id === 'some-lamp-works')?.verdict).toBe('violated');
  const spared = check(withVariant(lamps, 'spared'));
  if (spared.status === 'error') throw spared.error;
  expect(spared.properties.map((p) => p.verdict)).toEqual(['holds', 'holds']);
});
`,
    );
    writeFileSync(join(project, 'vitest.config.mjs'), 'export default {};\n');
    const r = await run('node', [VITEST, 'run', '--root', project, '--config', join(project, 'vitest.config.mjs')], project);
    expect(r.stdout + r.stderr).toMatch(/Tests\s+1 passed/);
    expect(r.code).toBe(0);
  });
});
