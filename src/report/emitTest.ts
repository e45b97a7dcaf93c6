/**
 * Regression tests from counterexamples: a vitest file that rebuilds the system, replays each
 * counterexample of a check (by its action instance path, the replay key) on real XState actors with
 * replayTrace, and asserts that the trace still violates its property. A team keeps a bug's trace as a
 * test: when the model changes so that the trace no longer applies, no longer replays, or no longer
 * violates, the test fails and names the step.
 *
 * What each kind asserts at the end of the replayed trace:
 *  - always: the invariant's predicate is false at the last state.
 *  - deadlock: no action instance is enabled at the last state, and it is not terminal.
 *  - leadsTo: some state satisfies the premise and no state from there on (the lasso's cycle included)
 *    satisfies the goal; eventually: no state of the lasso satisfies the goal. replayTrace runs the cycle
 *    twice on the real actors. Fairness is not re-judged: that is the checker's part.
 *  - possibly: the goal is false at the last state (that no path reaches it from there needs a search,
 *    which this test does not repeat).
 */
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayKey } from '../engine/trace.ts';
import { oneLineText } from '../util/controls.ts';
import type { CheckSuccess, PropertyResult } from '../engine/check.ts';

/** How an emitted test begins; check refuses to overwrite a file that does not (anything else is the user's). */
export const EMITTED_MARK = '// Written by `leasecheck ';

/** How the emitted file gets the system: imports (absolute module paths, or package names) and statements using them. */
export interface SystemSource {
  imports: { what: string; from: string }[];
  /** Statements that define `const system: System` (they may use `isSystem`, always imported). */
  define: string[];
  /** The command that found the counterexamples, for the header comment. */
  command: string;
}

/**
 * The leasecheck entry point the emitted file imports: the package by name when the checker runs
 * installed (compiled), else (in this repository) the source's absolute path.
 */
export const INDEX_MODULE = import.meta.url.endsWith('.ts') ? fileURLToPath(new URL('../index.ts', import.meta.url)) : 'leasecheck';

/** The file's source, or null when the check found no counterexample to keep. */
export function emitRegressionTest(file: string, r: CheckSuccess, source: SystemSource): string | null {
  const cases = r.properties.filter((p) => p.verdict === 'violated' && p.trace && p.trace.steps.length > 0);
  if (cases.length === 0) return null;
  const from = dirname(file);
  const scope = { ...r.system.scope };
  const scopeText = Object.entries(scope).map(([k, v]) => `${k}=${v}`).join(', ');
  const bodies = cases.map(caseFor);
  // The property() helper and its type only when a case uses them: the file type-checks under noUnusedLocals too.
  const usesProperty = bodies.some((b) => b.some((l) => l.includes(' = property(cs, ')));
  const out: string[] = [
    `${EMITTED_MARK}${oneLineText(source.command).replace(/^leasecheck /, '').replace(/[\u2028\u2029]/g, ' ')}\`.`,
    '// Regression tests from counterexamples: each rebuilds the system at the scope below, replays the',
    `// checker's ${cases.every((p) => p.shortest !== false) ? 'shortest ' : ''}counterexample (its action instance path, the replay key) on real XState actors,`,
    '// and checks that it still violates its property. It fails when the model changes so that the trace no',
    '// longer applies, no longer replays, or no longer violates: re-run the command above to see the new',
    '// verdict, and delete or re-emit this file if the change was intended.',
    ...needsLines(source, from),
    "import { describe, expect, it } from 'vitest';",
    `import { compileSystem, isSystem, replayTrace, traceOf, type CompiledSystem, type GlobalState${usesProperty ? ', type Property' : ''} } from ${str(importPath(from, INDEX_MODULE))};`,
    ...source.imports.map((i) => `import ${i.what} from ${str(importPath(from, i.from))};`),
    '',
    ...source.define,
    `const scope: Record<string, number> = ${JSON.stringify(scope)};`,
    '',
    '/** Rebuilds the system and the trace, checks every step is still the action it was, and replays it on real actors. */',
    'function replay(path: readonly number[], labels: readonly string[], loop?: number): { cs: CompiledSystem; states: GlobalState[]; last: GlobalState; lastLocals: Int32Array } {',
    '  const cs = compileSystem(system, scope);',
    '  path.forEach((id, i) => expect(cs.instances[id]?.label, `step ${i + 1} of the trace is no longer the same action`).toBe(labels[i]));',
    '  const trace = traceOf(cs, path);',
    '  if (loop !== undefined) trace.loop = loop;',
    '  replayTrace(cs, trace);',
    '  const states = trace.steps.map((s) => cs.view(s.locals, 0));',
    '  // A trace holds at least its initial state, so its last step exists (`!` for noUncheckedIndexedAccess).',
    '  return { cs, states, last: states[states.length - 1]!, lastLocals: trace.steps[trace.steps.length - 1]!.locals };',
    '}',
    '',
    ...(usesProperty
      ? [
          'function property<K extends Property[\'kind\']>(cs: CompiledSystem, id: string, kind: K): Extract<Property, { kind: K }> {',
          '  const p = cs.properties.find((x) => x.name === id);',
          '  if (!p) throw new Error(`the system no longer has a property ${id}`);',
          '  if (p.kind !== kind) throw new Error(`${id} is now a ${p.kind} property, not ${kind}`);',
          '  return p as Extract<Property, { kind: K }>;',
          '}',
          '',
        ]
      : []),
    `describe(${str(`${r.system.name}${scopeText ? ` at scope ${scopeText}` : ''}: counterexamples found by leasecheck`)}, () => {`,
  ];
  for (const b of bodies) out.push(...b, '');
  if (out[out.length - 1] === '') out.pop();
  out.push('});');
  return out.join('\n') + '\n';
}

function caseFor(p: PropertyResult): string[] {
  const trace = p.trace!;
  const path = trace.steps.slice(1).map((s) => s.action!.instance);
  const labels = trace.steps.slice(1).map((s) => s.action!.label);
  const n = path.length;
  const title = `${p.id} is still violated by its ${n}-step counterexample${trace.loop !== undefined ? ' (a lasso)' : ''} (replay key ${replayKey(trace) || 'empty'})`;
  const labelLines = labels.length <= 1 ? [`      [${labels.map(str).join(', ')}],`] : ['      [', ...labels.map((l) => `        ${str(l)},`), '      ],'];
  // Each kind takes only what it uses, so the file type-checks under noUnusedLocals too.
  const uses = p.kind === 'deadlock' ? ', last, lastLocals' : p.kind === 'always' || p.kind === 'possibly' ? ', last' : p.kind === 'leadsTo' || p.kind === 'eventually' ? ', states' : '';
  const call = [
    `    const { cs${uses} } = replay(`,
    `      [${path.join(', ')}],`,
    ...labelLines,
    ...(trace.loop !== undefined ? [`      ${trace.loop},`] : []),
    '    );',
  ];
  const body: string[] = [];
  switch (p.kind) {
    case 'always':
      body.push(
        `    const p = property(cs, ${str(p.id)}, 'always');`,
        "    expect(p.predicate(last), 'the invariant is false at the last state').toBe(false);",
      );
      break;
    case 'deadlock':
      body.push(
        "    // No action instance is enabled at the last state (every participant's step, then the guard), and it is not terminal.",
        '    const enabled = cs.instances.filter((inst) => {',
        '      const v = Array.from(lastLocals);',
        '      for (let j = 0; j < inst.actors.length; j++) {',
        '        // One actor and one event per participant, and a table and a local per actor: the `!`s hold.',
        '        const a = inst.actors[j]!;',
        '        const nx = cs.tables[a]!.next(v[a]!, inst.events[j]!);',
        '        if (nx < 0) return false;',
        '        v[a] = nx;',
        '      }',
        '      return !inst.action.guard || inst.action.guard(last, inst.params);',
        '    });',
        "    expect(enabled.map((inst) => inst.label), 'actions enabled at the last state').toEqual([]);",
        "    expect(cs.terminal(last), 'the last state is terminal').toBe(false);",
      );
      break;
    case 'leadsTo':
      body.push(
        `    const p = property(cs, ${str(p.id)}, 'leadsTo');`,
        '    // Some state satisfies the premise, and from it on (the cycle repeats those states) the goal never holds.',
        '    const start = states.findIndex((s, i) => p.premise(s) && states.slice(i).every((t) => !p.goal(t)));',
        "    expect(start, 'a premise state after which the goal never holds').toBeGreaterThanOrEqual(0);",
      );
      break;
    case 'eventually':
      body.push(
        `    const p = property(cs, ${str(p.id)}, 'eventually');`,
        "    expect(states.filter((s) => p.goal(s)).length, 'states of the lasso where the goal holds').toBe(0);",
      );
      break;
    case 'possibly':
      body.push(
        `    const p = property(cs, ${str(p.id)}, 'possibly');`,
        '    // The checker found no path from the last state to the goal; this test checks the trace and that the goal is false there.',
        "    expect(p.goal(last), 'the goal at the last state').toBe(false);",
      );
      break;
    default:
      body.push(`    // ${p.kind} counterexample: the test checks that the trace still replays on real actors.`, '    expect(cs.instances.length).toBeGreaterThan(0);');
  }
  return [`  it(${str(title)}, () => {`, ...call, ...body, '  });'];
}

/**
 * What the file needs, for its header: vitest to run it, and, when it imports a TypeScript module by
 * its .ts name (as vitest runs it: the spec, or leasecheck's own source in its repository), tsc's
 * allowImportingTsExtensions, or the file left out of the project's type-check.
 */
function needsLines(source: SystemSource, fromDir: string): string[] {
  const ts = [INDEX_MODULE, ...source.imports.map((i) => i.from)].map((m) => importPath(fromDir, m)).filter((m) => /\.[cm]?ts$/.test(m));
  const lines = ['// Needs: vitest (npm i -D vitest); run it with `npx vitest run FILE` (where vitest\'s config includes it).'];
  if (ts.length > 0) {
    lines.push(
      `// It imports ${[...new Set(ts)].map((m) => oneLineText(m).replace(/[\u2028\u2029]/g, ' ')).join(', ')} by the .ts name, which vitest loads as is; for tsc,`,
      '// set "allowImportingTsExtensions": true (with noEmit), or exclude this file from the type-check.',
    );
  }
  return lines;
}

/** A module path from the emitted file's folder to `abs`, as an ESM import specifier. */
function importPath(fromDir: string, abs: string): string {
  if (!abs.startsWith('/') && !/^[A-Za-z]:/.test(abs)) return abs;
  let rel = relative(fromDir, abs).split(sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

/**
 * A single-quoted string literal holding exactly `s`: backslashes and quotes escaped, and every
 * character that would end the line or be lost in a UTF-8 file (control characters, U+2028/U+2029,
 * lone surrogates) as a \u escape. A label with a `\r` once wrote a file that did not parse.
 */
export function str(s: string): string {
  const body = s
    .replace(/[\\']/g, '\\$&')
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) =>
      c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  return `'${body}'`;
}
