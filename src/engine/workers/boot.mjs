// Worker-thread entry. In the repository the engine runs from its TypeScript sources, so tsx is
// registered first; in the installed package (dist/) the compiled worker.js is imported as it is,
// and a TypeScript spec gets its transform when the worker loads it (load/importModule).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('./worker.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  globalThis[Symbol.for('leasecheck.tsxRegistered')] = true;
  await import(source.href);
} else {
  await import(new URL('./worker.js', import.meta.url).href);
}
