// Worker-thread entry: registers tsx (so the engine and the user's spec load as TypeScript, as in
// bin/leasecheck.js), then runs the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
