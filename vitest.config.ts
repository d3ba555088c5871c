import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests, and integration tests that start real servers
// (PostgreSQL, UDP, HTTP, Docker). Integration files run one at a time: they bind ports and
// spawn processes, and the CI machine has two cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'cli/**/*.test.ts',
            'intake/src/**/*.test.ts',
            'intake/console/src/**/*.test.ts',
            'webapp/src/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
