#!/usr/bin/env node
// The checker run from its TypeScript sources, in this repository (tests, development). The installed
// package's command is dist/cli/bin.js, compiled by `npm run build`.
import { register } from 'tsx/esm/api';

register();
globalThis[Symbol.for('leasecheck.tsxRegistered')] = true;
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
