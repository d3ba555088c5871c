import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three projects. Unit tests: the pure core, fast. Integration tests: real servers (PostgreSQL,
// UDP, HTTP), each file on its own free ports and temporary folders, so files run side by side
// (INTEGRATION_WORKERS, default 2: the CI machine has two cores). End-to-end tests: whole stacks
// (Docker's fixed container names, the course on a local stack) — one file at a time, after the
// integration group has finished (sequence.groupOrder), so nothing else competes with them.
const workers = Math.max(1, Number(process.env.INTEGRATION_WORKERS) || 2);

const contracts = fileURLToPath(new URL('./intake/contracts/src/', import.meta.url));

export default defineConfig({
  // Tests read the wire contracts from source, so a change to them needs no build first.
  resolve: { alias: [{ find: /^#contracts\/(.*)\.js$/, replacement: `${contracts}$1.ts` }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'cli/**/*.test.ts',
            'intake/src/**/*.test.ts',
            'intake/contracts/src/**/*.test.ts',
            'intake/console/src/**/*.test.ts',
            'webapp/src/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          testTimeout: 10_000,
          sequence: { groupOrder: 1 },
          maxWorkers: workers,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
          maxWorkers: workers,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
        },
      },
    ],
  },
});
