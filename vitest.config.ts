import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Both cores: vitest's default leaves one free, which on this 2-core machine runs the suite serially.
    maxWorkers: 2,
  },
});
