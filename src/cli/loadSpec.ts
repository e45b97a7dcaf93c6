import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LeasecheckError, describeCause } from '../errors.ts';
import { withOrigin } from '../spec/define.ts';
import { isSystem, type System } from '../spec/system.ts';
import { importModule } from '../load/importModule.ts';

/**
 * Imports a spec module (TypeScript or JavaScript, no build step: TypeScript is transformed on load)
 * and returns the system it exports as default or as `system`. A spec that fails to load is LC011 with
 * the whole cause on one line (the compiler's message, or the error and where in the spec it was thrown).
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
    throw new LeasecheckError('LC011', `spec ${path} failed to load: ${describeCause(e, abs)}`);
  }
  // tsx may wrap a CommonJS-style default once more.
  const candidates = [mod.default, mod.system, (mod.default as Record<string, unknown> | undefined)?.default];
  const system = candidates.find(isSystem);
  if (!system) {
    throw new LeasecheckError('LC012', `spec ${path} exports no system: export default defineSystem({...}) (or export const system)`);
  }
  // Worker threads (--workers) rebuild the system by importing the same module.
  if (!system.origin && (system === mod.default || system === mod.system)) {
    return withOrigin(system, { module: url, export: system === mod.default ? 'default' : 'system' });
  }
  return system;
}
