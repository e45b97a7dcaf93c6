import { fmt } from '../util/format.ts';
import type { Progress } from '../engine/explore.ts';
import type { ParsedArgs } from './args.ts';

/** Seconds between plain progress lines when stderr is not a terminal (TLC prints one a minute). */
export const DEFAULT_PROGRESS_SECONDS = 30;

export interface ProgressLine {
  onProgress?: (p: Progress) => void;
  done: () => void;
}

/**
 * Progress on stderr, never with --quiet: on a terminal a live line rewritten in place; in a log (CI) a
 * plain line every --progress seconds (default 30; 0 none), so a long run is never silent. With --json
 * only when --progress is given (stdout stays the JSON document either way).
 */
export function progressLine(args: ParsedArgs, label = ''): ProgressLine {
  if (args.flags.quiet || (args.flags.json && args.flags.progress === undefined)) return { done: () => {} };
  const text = (p: Progress) => {
    const rate = p.seconds > 0 ? Math.round(p.distinct / p.seconds) : 0;
    const disk = p.diskBytes !== undefined ? `  on disk ${fmt(Math.round(p.diskBytes / 1048576))} MiB` : '';
    return `${label}generated ${fmt(p.generated)}  distinct ${fmt(p.distinct)}  queue ${fmt(p.queue)}  depth ${p.depth}  ${fmt(rate)} states/s${disk}`;
  };
  if (process.stderr.isTTY) {
    let shown = false;
    return {
      onProgress: (p) => {
        shown = true;
        process.stderr.write(`\r\x1b[K${text(p)}`);
      },
      done: () => {
        if (shown) process.stderr.write('\r\x1b[K');
      },
    };
  }
  const every = (args.flags.progress as number | undefined) ?? DEFAULT_PROGRESS_SECONDS;
  if (every === 0) return { done: () => {} };
  let next = every;
  return {
    onProgress: (p) => {
      if (p.seconds < next) return;
      next = p.seconds + every;
      process.stderr.write(`progress: ${text(p)}  (${Math.round(p.seconds)} s)\n`);
    },
    done: () => {},
  };
}
