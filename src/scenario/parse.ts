import { LeasecheckError } from '../errors.ts';
import type { ScenarioStep } from '../spec/presentation.ts';
import { counted } from '../util/plural.ts';

/** A line `expect VARIANTS: STEP OUTCOME`: what the source says should happen at a step. */
export interface Expectation {
  line: number;
  /** The variants it is about, or every variant. */
  variants: string[] | '*';
  step: number;
  /** A prefix of the outcome the step must have (`ok`, `ETXTBSY`, `blocks`, `impossible`); for a property expectation, its text. */
  outcome: string;
  /** `violates P` / `satisfies P`: what the invariant P says of the state after the step. */
  property?: { id: string; holds: boolean };
}

/** A scripted case: steps to take one after another, under any variant of a system. */
export interface Scenario {
  name: string;
  title: string;
  source: string;
  scope: Record<string, number>;
  steps: ScenarioStep[];
  expectations: Expectation[];
}

/** Longest line echoed in an error message. */
const SHOWN = 120;

/** A line as an error message may quote it: control characters escaped, cut to SHOWN characters. */
export function quoted(text: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = JSON.stringify(text.length > SHOWN ? text.slice(0, SHOWN) : text).replace(/\\u001b/gi, '\\e');
  return text.length > SHOWN ? `${safe.slice(0, -1)}..." (${text.length} characters)` : safe;
}

/**
 * Parses the scenario format (README, "Scenarios"):
 *   # title (the first comment line)          source: Author, date
 *   scope: processes=2                         A: open d -> fd10        (a step: WHO: words)
 *   expect zombie-lease, blocking-close: 5 ok  expect *: 3 ETXTBSY
 *   expect blocking-close: 6 violates no-lease-less-pin-strict   (an invariant, in the state after step 6)
 * A step may also be an action instance's label as the checker prints it (`p1: check the lock`).
 * Errors are LC041 with the file's line number.
 */
export function parseScenario(name: string, text: string): Scenario {
  const sc: Scenario = { name, title: '', source: '', scope: {}, steps: [], expectations: [] };
  const bad = (line: number, why: string) => new LeasecheckError('LC041', `${name}:${line}: ${why}`);
  text.split(/\r?\n/).forEach((raw, i) => {
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
        const kv = /^\s*([A-Za-z_][\w-]*)=(\d+)\s*$/.exec(part);
        if (!kv) throw bad(line, `scope entry ${quoted(part.trim())} is not key=integer`);
        sc.scope[kv[1]] = Number(kv[2]);
      }
      return;
    }
    m = /^expect\s+([^:]+):\s*(\d+)\s+(.+)$/.exec(t);
    if (m) {
      const variants = m[1].trim() === '*' ? '*' : m[1].split(',').map((d) => d.trim()).filter(Boolean);
      const outcome = m[3].trim();
      const prop = /^(violates|satisfies)\s+(\S+)$/.exec(outcome);
      sc.expectations.push({ line, variants, step: Number(m[2]), outcome, ...(prop ? { property: { id: prop[2], holds: prop[1] === 'satisfies' } } : {}) });
      return;
    }
    if (/^expect\b/.test(t)) throw bad(line, `an expectation reads "expect VARIANTS: STEP OUTCOME" (e.g. "expect *: 3 ok"), got ${quoted(t)}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(t)) throw bad(line, `a step holds a control character: ${quoted(t)}`);
    m = /^([A-Za-z][\w.-]*):\s*(.+)$/.exec(t);
    sc.steps.push(m ? { line, text: t, who: m[1], words: m[2].trim().split(/\s+/) } : { line, text: t, who: '', words: t.split(/\s+/) });
  });
  if (sc.steps.length === 0) throw bad(1, 'no steps');
  for (const e of sc.expectations) {
    if (e.step < 1 || e.step > sc.steps.length) throw bad(e.line, `expectation names step ${e.step}, but the scenario has ${counted(sc.steps.length, 'step')}`);
  }
  return sc;
}
