import { existsSync, statSync } from 'node:fs';
import { LeasecheckError } from '../../errors.ts';
import { parseScope } from '../../engine/scope.ts';
import { startExplorer, LOOPBACK } from '../../explorer/server.ts';
import { listTraces } from '../../explorer/traces.ts';
import { Walker } from '../../explorer/walk.ts';
import { parseArgs, type CommandSpec } from '../args.ts';
import { help } from '../help.ts';
import { VARIANTS_OPTIONS } from '../options.ts';
import { loadTarget, variantsFrom, variantWord } from '../target.ts';
import { counted } from '../../util/plural.ts';

/** Default cap on the explorer's searches (find, liveness goals): the DAX model's whole space fits. */
export const EXPLORE_MAX_STATES = 500_000;

export const EXPLORE_COMMAND: CommandSpec = {
  name: 'explore',
  usage: '[SPEC] [--variant V | --variants a,b] [--set knob=value ...] [--scope k=v,...] [--port N] [--host 127.0.0.1] [--reports DIR] [--max-states N]',
  summary:
    'Serves a page on a loopback address for walking the model by hand, every variant side by side: take a step (the same operation in every design) and see each ' +
    "design's outcome (ok, an errno, blocks, impossible with the reason), the first divergence, which properties hold at the state reached (the state that breaks one marked), " +
    'the walk as a sequence diagram and a step table; open a compare run\'s ITF traces, jump to the shortest path to a state a typed predicate picks, and export the walk as a scenario ' +
    'or an ITF trace. The page is a thin view over a JSON API (docs/explorer-api.md). Ctrl-C stops the server.',
  options: {
    variant: { type: 'string', value: 'V', doc: 'walk this variant only' },
    design: { type: 'string', value: 'V', doc: '', aliasOf: 'variant' },
    ...VARIANTS_OPTIONS,
    scope: { type: 'string', value: 'k=v,...', doc: "scope parameters, e.g. processes=3 (leasecheck list shows the spec's)" },
    port: { type: 'count', zero: true, max: 65535, value: 'N', doc: 'the port to listen on (default 0: any free one; the URL is printed)' },
    host: { type: 'string', value: 'HOST', doc: `the loopback address to listen on (${LOOPBACK.join(', ')}; default 127.0.0.1)` },
    reports: { type: 'path', value: 'DIR', doc: "a compare --out folder whose ITF traces the page can open (default: reports/ when it exists); only this spec's traces are listed" },
    'max-states': { type: 'count', doc: `cap on each search the page starts (default ${EXPLORE_MAX_STATES.toLocaleString('en-US')} states)` },
  },
  maxPositional: 1,
  notes: ['exit status: 0 stopped by Ctrl-C, 2 bad input (a spec or variant that does not load, a port in use, a host that is not loopback)'],
};

/** `leasecheck explore [SPEC] [--variants a,b] [--scope ...] [--port N] [--host H] [--reports DIR]`: serves until Ctrl-C. */
export async function runExplore(argv: string[]): Promise<number> {
  const args = parseArgs(argv, EXPLORE_COMMAND);
  if (args.flags.help) return help(EXPLORE_COMMAND);
  if (args.flags.variant !== undefined && args.flags.variants !== undefined) throw new LeasecheckError('LC001', 'give --variant or --variants, not both');
  const host = (args.flags.host as string | undefined) ?? '127.0.0.1';
  if (!LOOPBACK.includes(host)) throw new LeasecheckError('LC051', `explore serves on a loopback address only (${LOOPBACK.join(', ')}), not ${host}`);
  const reportsFlag = args.flags.reports as string | undefined;
  if (reportsFlag !== undefined && !(existsSync(reportsFlag) && statSync(reportsFlag).isDirectory())) throw new LeasecheckError('LC003', `explore: --reports ${reportsFlag} is not a folder`);
  const reports = reportsFlag ?? (existsSync('reports') && statSync('reports').isDirectory() ? 'reports' : undefined);
  const target = await loadTarget('explore', args.positional[0]);
  const one = args.flags.variant as string | undefined;
  const variants = variantsFrom(target.system, one !== undefined ? { ...args, flags: { ...args.flags, variants: one } } : args);
  const scope = args.flags.scope !== undefined ? parseScope(String(args.flags.scope)) : {};
  const walker = new Walker(variants, scope);
  const maxStates = (args.flags['max-states'] as number | undefined) ?? EXPLORE_MAX_STATES;
  const running = await startExplorer({ walker, spec: target.specPath, maxStates, ...(reports ? { reports } : {}) }, host, (args.flags.port as number | undefined) ?? 0);
  const word = variantWord(target.system);
  process.stdout.write(`leasecheck explore: ${target.system.name}, ${counted(variants.length, word)} side by side, at ${running.url}\n`);
  process.stderr.write(`serving on ${running.url} (loopback only)${reports ? `; ${tracesLine(reports, walker.designs[0].system.name)}` : ''}; Ctrl-C stops it\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('explorer stopped\n');
  return 0;
}

/** How many of the folder's traces the page lists (only this spec's: reports/ may be another spec's). */
function tracesLine(dir: string, system: string): string {
  const l = listTraces(dir, system);
  const n = l.traces.length;
  return `${counted(n, 'ITF trace', n === 0 ? 'no' : String(n))} of ${system} in ${dir}/${l.otherSpecs ? ` (${l.otherSpecs} of another spec left out)` : ''}`;
}
