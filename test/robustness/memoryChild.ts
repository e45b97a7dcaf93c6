/**
 * Child process of memoryLimit.test.ts: one check under a memory limit, then its peak resident size.
 * usage: node --import tsx memoryChild.ts philosophers|dax LIMIT_MIB [WORKERS]
 */
import { checkAsync } from '../../src/engine/check.ts';
import { philosophers } from '../../bench/models/philosophers.ts';
import { withVariant } from '../../src/index.ts';
import dax from '../../specs/dax.model.ts';

const [model, limitMiB, workers] = process.argv.slice(2);
const system = model === 'dax' ? withVariant(dax, 'zombie-lease') : philosophers;
const scope: Record<string, number> = model === 'dax' ? {} : { n: 16 };
const r = await checkAsync(system, { scope, maxMemoryBytes: Number(limitMiB) * 2 ** 20, ...(workers ? { workers: Number(workers) } : {}) });
if (r.status === 'error') throw r.error;
const peakMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ status: r.status, stoppedBy: r.stoppedBy ?? null, states: r.stats.distinctStates, peakMiB, verdicts: r.properties.map((p) => p.verdict) }) + '\n');
process.exit(0);
