import { readFileSync } from 'node:fs';
import { LeasecheckError } from '../errors.ts';
import { usage } from './usage.ts';
import { quietOnClosedPipes } from './closedPipe.ts';
import { capped, terminalText } from '../util/controls.ts';

type Command = (argv: string[]) => Promise<number>;

/** Each command's module is loaded only when it runs, so `leasecheck check` starts without the reports' code. */
export const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check.ts')).runCheck,
  compare: async () => (await import('./commands/compare.ts')).runCompare,
  gate: async () => (await import('./commands/gate.ts')).runGate,
  replay: async () => (await import('./commands/replay.ts')).runReplay,
  simulate: async () => (await import('./commands/simulate.ts')).runSimulate,
  list: async () => (await import('./commands/list.ts')).runList,
  explore: async () => (await import('./commands/explore.ts')).runExplore,
};

/** The package's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 violated, 2 bad input, 3 incomplete. */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipes();
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(new LeasecheckError('LC001', `no command given (commands: ${Object.keys(commands).join(', ')}; see leasecheck --help)`).line() + '\n');
    return 2;
  }
  // `leasecheck help gate` is `leasecheck gate --help`.
  if (name === 'help' && rest.length > 0 && Object.hasOwn(commands, rest[0])) return main([rest[0], '--help']);
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage(Object.keys(commands)));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`leasecheck ${version()}\n`);
    return 0;
  }
  try {
    const load = commands[name];
    if (!load) throw new LeasecheckError('LC001', `unknown command ${JSON.stringify(name)} (commands: ${Object.keys(commands).join(', ')}; see leasecheck --help)`);
    return await (await load())(rest);
  } catch (e) {
    if (e instanceof LeasecheckError) {
      process.stderr.write(e.line() + '\n');
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`internal error (a bug in leasecheck, please report it): ${capped(terminalText(String(err?.stack ?? e)), 20_000)}\n`);
    return 70;
  }
}
