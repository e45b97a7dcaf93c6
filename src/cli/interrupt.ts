let controller: AbortController | null = null;

/**
 * An AbortSignal that fires on the first Ctrl-C, so a long run stops cleanly and reports what it
 * explored as incomplete; a second Ctrl-C exits at once.
 */
export function interruptSignal(): AbortSignal {
  if (!controller) {
    controller = new AbortController();
    process.once('SIGINT', () => {
      controller!.abort();
      process.once('SIGINT', () => process.exit(130));
    });
  }
  return controller.signal;
}
