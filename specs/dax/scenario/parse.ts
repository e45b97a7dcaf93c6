import { LeasecheckError } from '../../../src/errors.ts';

/** One operation line of a scenario: who does what, with the arguments as written. */
export interface ScenarioStep {
  line: number;
  text: string;
  who: string;
  op: string;
  args: string[];
}

export interface Expectation {
  line: number;
  designs: string[] | '*';
  step: number;
  /** A prefix of the step's outcome; or, for a property expectation, the text after the step number. */
  outcome: string;
  /** `violates P` / `satisfies P`: what the invariant P says of the state after the step. */
  property?: { id: string; holds: boolean };
}

export interface Scenario {
  name: string;
  title: string;
  source: string;
  scope: Record<string, number>;
  steps: ScenarioStep[];
  expectations: Expectation[];
}

/**
 * Parses the scenario format (README, "Scenario files"):
 *   # title (the first comment line)          source: Author, date
 *   scope: processes=2                         A: open d -> fd10
 *   expect zombie-lease, blocking-close: 5 ok  expect *: 3 ETXTBSY
 *   expect blocking-close: 6 violates no-lease-less-pin-strict   (an invariant, in the state after step 6)
 * Errors are LC041 with the file's line number.
 */
export function parseScenario(name: string, text: string): Scenario {
  const sc: Scenario = { name, title: '', source: '', scope: {}, steps: [], expectations: [] };
  const bad = (line: number, why: string) => new LeasecheckError('LC041', `${name}:${line}: ${why}`);
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '') return;
    if (t.startsWith('#')) {
      if (!sc.title) sc.title = t.replace(/^#+\s*/, '');
      return;
    }
    let m = /^source:\s*(.+)$/.exec(t);
    if (m) return void (sc.source = m[1]);
    m = /^scope:\s*(.+)$/.exec(t);
    if (m) {
      for (const part of m[1].split(',')) {
        const kv = /^\s*(\w+)=(\d+)\s*$/.exec(part);
        if (!kv) throw bad(line, `scope entry "${part.trim()}" is not key=integer`);
        sc.scope[kv[1]] = Number(kv[2]);
      }
      return;
    }
    m = /^expect\s+([^:]+):\s*(\d+)\s+(.+)$/.exec(t);
    if (m) {
      const designs = m[1].trim() === '*' ? '*' : m[1].split(',').map((d) => d.trim()).filter(Boolean);
      const outcome = m[3].trim();
      const prop = /^(violates|satisfies)\s+([\w-]+)$/.exec(outcome);
      sc.expectations.push({ line, designs, step: Number(m[2]), outcome, ...(prop ? { property: { id: prop[2], holds: prop[1] === 'satisfies' } } : {}) });
      return;
    }
    m = /^([A-Za-z]\w*):\s*(\S+)(.*)$/.exec(t);
    if (!m) throw bad(line, `expected "WHO: operation ...", "expect DESIGNS: STEP OUTCOME", "source: ..." or "scope: ...", got "${t}"`);
    sc.steps.push({ line, text: t, who: m[1], op: m[2], args: m[3].trim().split(/\s+/).filter(Boolean) });
  });
  if (sc.steps.length === 0) throw bad(1, 'no steps');
  for (const e of sc.expectations) {
    if (e.step < 1 || e.step > sc.steps.length) throw bad(e.line, `expectation names step ${e.step}, but there are ${sc.steps.length} steps`);
  }
  return sc;
}
