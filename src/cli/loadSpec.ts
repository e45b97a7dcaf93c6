import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LeasecheckError, describeCause } from '../errors.ts';
import { withOrigin } from '../spec/define.ts';
import { isSystem, type System } from '../spec/system.ts';
import { importModule, isTypeScript } from '../load/importModule.ts';
import { isParseFailure, syntaxErrorOf } from '../load/syntaxError.ts';

/**
 * Imports a spec module (TypeScript or JavaScript, no build step: TypeScript is transformed on load)
 * and returns the system it exports as default or as `system`. A spec that fails to load is LC011 with
 * the whole cause on one line (the compiler's message, or the error and where in the spec it was thrown);
 * a LeasecheckError the spec's definition threw (LC013) keeps its code.
 */
export async function loadSpec(path: string): Promise<System> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new LeasecheckError('LC010', `spec file ${path} does not exist`);
  if (!statSync(abs).isFile()) throw new LeasecheckError('LC010', `spec ${path} is not a file`);
  const url = pathToFileURL(abs).href;
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(url);
  } catch (e) {
    // defineSystem's own refusals (LC013: a bad knob value, a malformed variant) keep their code.
    if (e instanceof LeasecheckError) throw new LeasecheckError(e.code, `${e.message} (spec ${path})`);
    // A JavaScript spec that does not parse: Node's SyntaxError says where only when asked (syntaxError.ts).
    const syntax = !isTypeScript(url) && isParseFailure(e) ? syntaxErrorOf(abs) : undefined;
    const cause = syntax ? describeCause(new Error(`${syntax.message} (at ${syntax.at})`)) : describeCause(e, abs);
    throw new LeasecheckError('LC011', `spec ${path} failed to load: ${cause}`);
  }
  // A spec loaded as CommonJS has its exports wrapped once more, under default.
  const inner = (mod.default ?? {}) as Record<string, unknown>;
  const found = (
    [
      [mod.default, 'default'],
      [mod.system, 'system'],
      [inner.default, 'default'],
      [inner.system, 'system'],
    ] as const
  ).find(([x]) => isSystem(x));
  if (!found) {
    throw new LeasecheckError('LC012', `spec ${path} exports no system: export default defineSystem({...}) (or export const system)`);
  }
  const system = found[0] as System;
  // Worker threads (--workers) rebuild the system by importing the same module (worker.ts unwraps it the same way).
  return system.origin ? system : withOrigin(system, { module: url, export: found[1] });
}
