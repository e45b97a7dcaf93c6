/**
 * A spec function that never returns, for tests of the time limits' watchdog (src/engine/sliceGuard.ts):
 * it ends the loop from outside, so a test that uses it waits for a limit, never for the machine's speed.
 */
export function loopForever(): never {
  for (;;) {
    // Until the watchdog ends it.
  }
}
