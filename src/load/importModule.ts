import { existsSync, readFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Does this file need a TypeScript transform to load? */
export const isTypeScript = (url: string) => /\.(c|m)?tsx?$/.test(new URL(url).pathname);

/** Set (on globalThis, shared by every copy of this module in a thread) once tsx's loader is registered. */
const TSX = Symbol.for('leasecheck.tsxRegistered');
let fallbackRegistered = false;

/** Registers tsx's loader for the rest of this thread's imports (once; bin/leasecheck.js may have done it). */
async function registerTypeScript(): Promise<void> {
  const g = globalThis as Record<symbol, unknown>;
  if (g[TSX]) return;
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  g[TSX] = true;
}

/** Is the file an ES module by Node's rules: `.mts`/`.mjs`, or the nearest package.json says "type": "module"? */
function isEsm(path: string): boolean {
  if (/\.m[jt]s$/.test(path)) return true;
  if (/\.c[jt]s$/.test(path)) return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Makes `leasecheck` and `xstate` resolve to the checker's own copies for modules whose folder has
 * neither (a spec file anywhere on disk): an ESM resolve hook (resolveHook.mjs) and, for a spec loaded
 * as CommonJS, the same fallback in require()'s resolution. Both keep one copy of each: the CommonJS
 * side gets the ES modules themselves (require of an ES module).
 */
function registerFallback(): void {
  if (fallbackRegistered) return;
  fallbackRegistered = true;
  const own = { leasecheck: new URL(`../index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href, xstate: import.meta.resolve('xstate') };
  register(new URL('./resolveHook.mjs', import.meta.url), { data: own });
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]): string {
    try {
      return resolve.call(this, request, ...rest);
    } catch (e) {
      if ((request === 'leasecheck' || request === 'xstate') && (e as { code?: string }).code === 'MODULE_NOT_FOUND') return fileURLToPath(own[request]);
      throw e;
    }
  };
}

/** Did an import fail only because `leasecheck` or `xstate` could not be found from the module's folder? */
function missingOwnPackage(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    (err?.code === 'ERR_MODULE_NOT_FOUND' && /Cannot find package '(leasecheck|xstate)'/.test(String(err.message))) ||
    (err?.code === 'MODULE_NOT_FOUND' && /Cannot find module '(leasecheck|xstate)'/.test(String(err.message)))
  );
}

async function load(url: string): Promise<Record<string, unknown>> {
  if (!isTypeScript(url)) return (await import(url)) as Record<string, unknown>;
  // An ES module through tsx's loader, shared with the checker's own imports (one copy of leasecheck);
  // a CommonJS-governed file through tsImport, which loads it as tsx decides for such a file.
  if (isEsm(fileURLToPath(url))) {
    await registerTypeScript();
    return (await import(url)) as Record<string, unknown>;
  }
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/**
 * Imports a module by file URL, as a spec is loaded: TypeScript through tsx (loaded only then, so a
 * JavaScript spec costs nothing more), JavaScript natively. When the module's folder has no
 * `leasecheck` or `xstate` (a spec file anywhere on disk), they resolve to the checker's own: the
 * fallback is registered then, and the import retried.
 */
export async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return await load(url);
  } catch (e) {
    if (fallbackRegistered || !missingOwnPackage(e)) throw e;
    registerFallback();
    // A new URL: the failed import stays cached under the old one.
    const retry = new URL(url);
    retry.searchParams.set('leasecheck-resolve', '1');
    return await load(retry.href);
  }
}
