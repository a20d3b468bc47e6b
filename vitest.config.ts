import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The long reliability runs (5,000 reports under faults, 60 s of load) take minutes and
 * measure latency, so they run alone in `npm run test:reliability`, which sets this variable;
 * `npm test` never defines the project, so no `--project` list has to be kept in step.
 */
const reliability: TestProjectInlineConfiguration[] =
  process.env['REFERRAL_DESK_RELIABILITY'] === '1'
    ? [
        {
          test: {
            name: 'reliability',
            include: ['tests/reliability/**/*.long.test.ts'],
            environment: 'node',
            testTimeout: 600_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ]
    : [];

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
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
          exclude: ['tests/reliability/**/*.long.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Integration suites start their own local stack on free ports; two cores.
          fileParallelism: false,
        },
      },
      ...reliability,
    ],
  },
});
