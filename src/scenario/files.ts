import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeasecheckError, describeThrown } from '../errors.ts';
import type { System } from '../spec/system.ts';
import { parseScenario, quoted, type Scenario } from './parse.ts';

/** The folder of a system's named scenarios (Presentation.scenarios.dir), if it declares one. */
export function scenarioDir(system: System): string | undefined {
  const dir = system.present.scenarios?.dir;
  if (dir === undefined) return undefined;
  return dir instanceof URL || String(dir).startsWith('file:') ? fileURLToPath(dir) : resolve(String(dir));
}

/** The names of a system's shipped scenarios (file names without `.scenario`), in file order. */
export function scenarioNames(system: System): string[] {
  const dir = scenarioDir(system);
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.scenario')).sort().map((f) => f.slice(0, -'.scenario'.length));
}

/** Every scenario shipped with a system, parsed, in file order. */
export function scenarioFiles(system: System): { name: string; scenario: Scenario }[] {
  const dir = scenarioDir(system);
  return scenarioNames(system).map((name) => ({ name, scenario: readScenario(join(dir!, `${name}.scenario`), `${name}.scenario`) }));
}

/**
 * A scenario by path, or by the name of one the system ships (with or without its number: "03",
 * "03-sigkill-exit-order"). LC040 lists the shipped ones when neither exists.
 */
export function loadScenario(system: System, ref: string): Scenario {
  const direct = resolve(ref);
  if (existsSync(direct) && statSync(direct).isFile()) return readScenario(direct, basename(direct));
  const names = scenarioNames(system);
  const hit = names.find((n) => n === ref || `${n}.scenario` === ref) ?? names.find((n) => n.startsWith(`${ref}-`));
  if (hit) return readScenario(join(scenarioDir(system)!, `${hit}.scenario`), `${hit}.scenario`);
  throw new LeasecheckError('LC040', `unknown scenario ${quoted(ref)} (${names.length ? `a file path, or one of: ${names.join(', ')}` : `no such file, and ${system.name} ships no named scenarios`})`);
}

function readScenario(path: string, name: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LeasecheckError('LC041', `cannot read scenario ${name}: ${describeThrown(e)}`);
  }
  return parseScenario(name, text);
}
