import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'extension/vitest.config.ts',
      {
        test: {
          name: 'unit',
          include: ['functions/**/*.test.ts', 'infra/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Integration suites start their own local stack on free ports; two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
