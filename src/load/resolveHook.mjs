// A module-resolution hook (node:module register): when a spec imports `leasecheck` or `xstate` and
// its own folder has neither (a spec file anywhere on disk, outside any project), they resolve to the
// checker's own copies. Anything that resolves normally is left alone.
let fallback = {};

export async function initialize(data) {
  fallback = data ?? {};
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    const url = e && e.code === 'ERR_MODULE_NOT_FOUND' ? fallback[specifier] : undefined;
    if (url) return { url, shortCircuit: true };
    throw e;
  }
}
