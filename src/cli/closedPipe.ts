/**
 * `leasecheck list | head -1`: once the reader has gone, writes to stdout fail with EPIPE, and Node
 * reports an unhandled stream error as a stack trace and exit 1 ("violated"). A closed pipe is not an
 * error of ours: the rest of the output is dropped and the command ends with its own exit status (the
 * verdicts, for a CI step under `set -o pipefail`). Any other stream error still surfaces. Installed
 * once a process, by main().
 */
let installed = false;

export function quietOnClosedPipes(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    let closed = false;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // After EPIPE the stream is destroyed, and each later write reports that too.
      if (e.code === 'EPIPE' || (closed && e.code === 'ERR_STREAM_DESTROYED')) {
        closed = true;
        return;
      }
      throw e;
    });
  }
}
