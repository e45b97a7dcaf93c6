import { register } from 'node:module';

/** Does this file need a TypeScript transform to load? */
export const isTypeScript = (url: string) => /\.(c|m)?tsx?$/.test(new URL(url).pathname);

let fallbackRegistered = false;

/**
 * Registers (once per thread) the hook that resolves `leasecheck` and `xstate` to the checker's own
 * copies for a module whose folder has neither (resolveHook.mjs).
 */
function registerFallback(): void {
  if (fallbackRegistered) return;
  fallbackRegistered = true;
  const own = new URL(`../index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  register(new URL('./resolveHook.mjs', import.meta.url), { data: { leasecheck: own, xstate: import.meta.resolve('xstate') } });
}

/**
 * Imports a module by file URL, as a spec is loaded: TypeScript through tsx (loaded only then, so a
 * JavaScript spec costs nothing more), JavaScript natively. Bare `leasecheck` and `xstate` imports
 * resolve to the checker's own when the module's folder has none.
 */
export async function importModule(url: string): Promise<Record<string, unknown>> {
  registerFallback();
  if (!isTypeScript(url)) return (await import(url)) as Record<string, unknown>;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}
