import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Four projects. Unit tests: the pure core, fast. Integration tests: real servers (PostgreSQL,
// UDP, HTTP), each file on its own free ports and temporary folders, so files run side by side
// (INTEGRATION_WORKERS, default 2: the CI machine has two cores). The course: the whole course on
// a local stack of its own ports and folder, mostly waiting on the lessons' own simulated
// processing — so it runs beside the integration files rather than after them. End-to-end tests:
// whole stacks (Docker's fixed container names, terminals) — one file at a time, after the first
// group has finished (sequence.groupOrder), so nothing else competes with them.
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
          name: 'course',
          include: ['test/e2e/lessons/course.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
          // One group's projects share its workers (vitest asks for one figure): the course holds
          // one while the integration files take turns on the others.
          maxWorkers: workers,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/lessons/course.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
        },
      },
    ],
  },
});
