import { fmt } from '../util/format.ts';
import type { Progress } from '../engine/explore.ts';

/**
 * A live progress line on stderr, rewritten in place. Only on a TTY, and never with --json or --quiet,
 * so that piped and machine-read output stays clean.
 */
export function progressLine(enabled: boolean, label = ''): { onProgress?: (p: Progress) => void; done: () => void } {
  if (!enabled || !process.stderr.isTTY) return { done: () => {} };
  let shown = false;
  return {
    onProgress: (p) => {
      shown = true;
      const rate = p.seconds > 0 ? Math.round(p.distinct / p.seconds) : 0;
      const disk = p.diskBytes !== undefined ? `  on disk ${fmt(Math.round(p.diskBytes / 1048576))} MiB` : '';
      const line = `${label}generated ${fmt(p.generated)}  distinct ${fmt(p.distinct)}  queue ${fmt(p.queue)}  depth ${p.depth}  ${fmt(rate)} states/s${disk}`;
      process.stderr.write(`\r\x1b[K${line}`);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
