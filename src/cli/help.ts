import { commandHelp, type CommandSpec } from './args.ts';

/** Prints a command's --help on stdout; the exit code is 0. */
export function help(command: CommandSpec): number {
  process.stdout.write(commandHelp(command));
  return 0;
}
