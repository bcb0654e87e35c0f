import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a page or a node to catch up: a second (the default) is too short on
    // a loaded 2-core CI machine; a poll that is met returns at once.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
  },
});
