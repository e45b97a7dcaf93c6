import type { CheckOptions } from '../engine/check.ts';
import type { ParsedArgs } from './args.ts';
import { parseScope } from '../engine/scope.ts';
import { oneLineText } from '../util/controls.ts';

/** The check options named by the shared limit options (resolved in one place; values already checked by parseArgs). */
export function limitsFrom(args: ParsedArgs): CheckOptions {
  const f = args.flags;
  const said = new Set<string>();
  return {
    ...(f.scope !== undefined ? { scope: parseScope(String(f.scope)) } : {}),
    ...(f['max-states'] !== undefined ? { maxStates: f['max-states'] as number } : {}),
    ...(f['max-depth'] !== undefined ? { maxDepth: f['max-depth'] as number } : {}),
    ...(f.timeout !== undefined ? { timeoutMs: (f.timeout as number) * 1000 } : {}),
    ...(f['max-memory'] !== undefined ? { maxMemoryBytes: (f['max-memory'] as number) * 1024 * 1024 } : {}),
    ...(f.symmetry ? { symmetry: true } : {}),
    ...(f['safety-only'] ? { safetyOnly: true } : {}),
    ...(f['no-deadlock'] ? { checkDeadlock: false } : {}),
    ...(f.workers !== undefined ? { workers: f.workers as number } : {}),
    ...(f.por ? { por: true } : {}),
    ...(f.prove ? { prove: true } : {}),
    ...(f.disk !== undefined ? { disk: String(f.disk) } : {}),
    // The checker's notes (e.g. symmetry turned off for liveness) go to stderr, like TLC's warnings; a
    // note the same for every variant of a comparison is said once.
    onNote: (note: string) => {
      const line = `note: ${oneLineText(note)}\n`;
      if (said.has(line)) return;
      said.add(line);
      process.stderr.write(line);
    },
  };
}

/** Exit status: 1 if anything is violated, else 3 if anything is unknown, else 0. */
export function exitCodeFor(verdicts: readonly string[]): number {
  if (verdicts.includes('violated')) return 1;
  if (verdicts.includes('incomplete')) return 3;
  return 0;
}
