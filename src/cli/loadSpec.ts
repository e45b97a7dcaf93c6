import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { LeasecheckError, describeThrown } from '../errors.ts';
import { isSystem, type System } from '../spec/system.ts';

/**
 * Imports a spec module (TypeScript or JavaScript, no compile step: tsx transpiles it on load) and
 * returns the system it exports as default or as `system`.
 */
export async function loadSpec(path: string): Promise<System> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new LeasecheckError('LC010', `spec file ${path} does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = (await tsImport(pathToFileURL(abs).href, import.meta.url)) as Record<string, unknown>;
  } catch (e) {
    throw new LeasecheckError('LC011', `spec ${path} failed to load: ${describeThrown(e)}`);
  }
  // tsx may wrap a CommonJS-style default once more.
  const candidates = [mod.default, mod.system, (mod.default as Record<string, unknown> | undefined)?.default];
  const system = candidates.find(isSystem);
  if (!system) {
    throw new LeasecheckError('LC012', `spec ${path} exports no system: export default defineSystem({...}) (or export const system)`);
  }
  // Worker threads (--workers) rebuild the system by importing the same module.
  if (!system.origin && (system === mod.default || system === mod.system)) {
    return { ...system, origin: { module: pathToFileURL(abs).href, export: system === mod.default ? 'default' : 'system' } };
  }
  return system;
}
