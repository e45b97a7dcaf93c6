#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so neither leasecheck nor a user's spec needs a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/entry.ts');
process.exitCode = await main(process.argv.slice(2));
