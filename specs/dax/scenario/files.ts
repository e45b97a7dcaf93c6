import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeasecheckError, describeThrown } from '../../../src/errors.ts';
import { parseScenario, type Scenario } from './parse.ts';

/** Where the nine named cases live. */
export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

/** Every scenario shipped with the model, in file order. */
export function scenarioFiles(): { name: string; scenario: Scenario }[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.scenario'))
    .sort()
    .map((f) => ({ name: f.replace(/\.scenario$/, ''), scenario: parseScenario(f, readFileSync(join(SCENARIO_DIR, f), 'utf8')) }));
}

/** A scenario by path, or by the name of a shipped one (with or without its number: "03", "03-sigkill-exit-order"). */
export function loadScenario(ref: string): Scenario {
  const direct = resolve(ref);
  let path = existsSync(direct) ? direct : undefined;
  if (!path) {
    const hit = readdirSync(SCENARIO_DIR).find((f) => f === `${ref}.scenario` || f === ref || f.startsWith(`${ref}-`));
    if (hit) path = join(SCENARIO_DIR, hit);
  }
  if (!path) {
    const names = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.scenario')).map((f) => f.replace(/\.scenario$/, ''));
    throw new LeasecheckError('LC040', `unknown scenario "${ref}" (a file path, or one of: ${names.join(', ')})`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeasecheckError('LC041', `cannot read scenario ${ref}: ${describeThrown(e)}`);
  }
  return parseScenario(basename(path), text);
}
