/**
 * The only time limit a test has: a net for a hang, not a measure of speed. No test may fail because
 * the machine is slow (the suite ran 573 s at load 30 once, and per-test limits of 30-120 s failed), so
 * tests and the child processes they start wait this long before they give up: far beyond any bounded
 * work, short enough that a real hang ends a CI job. vitest.config.ts uses it for testTimeout.
 */
export const HANG_MS = 30 * 60_000;
