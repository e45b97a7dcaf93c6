import { LeasecheckError } from '../errors.ts';
import { runCheck } from './commands/check.ts';
import { usage } from './usage.ts';
import { capped, terminalText } from '../util/controls.ts';

type Command = (argv: string[]) => Promise<number>;

/** Commands by name. Domain commands (list, compare, replay, gate) register themselves in commands.ts. */
export const commands: Record<string, Command> = {
  check: runCheck,
};

/** Runs the CLI and returns the exit code: 0 ok, 1 violated, 2 bad input, 3 incomplete. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write('leasecheck 0.1.0\n');
    return 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new LeasecheckError('LC001', `unknown command "${name}" (commands: ${Object.keys(commands).join(', ')}; see leasecheck --help)`);
    return await command(rest);
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
