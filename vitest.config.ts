import { defineConfig } from 'vitest/config';
import { HANG_MS } from './test/support/hang.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // No test may fail because the machine is slow: the only limit is a net for a hang (test/support/hang.ts).
    testTimeout: HANG_MS,
    hookTimeout: HANG_MS,
    pool: 'forks',
    // Both cores: vitest's default leaves one free, which on this 2-core machine runs the suite serially.
    maxWorkers: 2,
  },
});
