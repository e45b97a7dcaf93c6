#!/usr/bin/env node
/** The leasecheck program (package.json "bin"). */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
