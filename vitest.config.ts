import { defineConfig } from 'vitest/config';

/**
 * Three groups, one after the other. First the unit, integration, infrastructure and
 * end-to-end files, two at a time: most of an end-to-end file's time is spent waiting on its
 * own runtime (free ports and its own data folder, so two never meet). Then the browser files
 * and last the fault-injection suite, one file at a time: each drives a browser or two
 * runtimes that it kills on a schedule, and keeps the machine to itself.
 */
const PARALLEL = { maxWorkers: 2, sequence: { groupOrder: 0 } } as const;
const ALONE = { fileParallelism: false } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A safety net, not a budget (benchmarks time things): PDF rendering beside two runtimes.
          testTimeout: 30_000,
          ...PARALLEL,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          ...PARALLEL,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          ...PARALLEL,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          ...PARALLEL,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          ...ALONE,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'sim',
          include: ['test/sim/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          ...ALONE,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
