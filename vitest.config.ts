import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Quiet runs: a person sees the runner's summary. Console output of passing tests is dropped
 * (`silent: 'passed-only'`), and the API's and the stages' JSON log lines are held per test by
 * tests/helpers/quiet-logs.ts and printed only after a failure. `LOG_LEVEL=INFO npm test` (or
 * DEBUG, WARN...) shows everything as it happens, at that level.
 */
const logLevel = process.env['LOG_LEVEL'] || undefined;
const quiet = {
  setupFiles: ['tests/helpers/quiet-logs.ts'],
  env: logLevel === undefined ? {} : { POWERTOOLS_LOG_LEVEL: logLevel },
};

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
            ...quiet,
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
    // A run-wide option: per project it is ignored.
    silent: logLevel === undefined ? 'passed-only' : false,
    projects: [
      'extension/vitest.config.ts',
      {
        test: {
          ...quiet,
          name: 'unit',
          include: ['functions/**/*.test.ts', 'infra/**/*.test.ts', 'tests/helpers/**/*.test.ts'],
          environment: 'node',
          // Property tests and the PDQ vectors do seconds of CPU work; on two cores shared with the
          // other test files, Vitest's 5 s default fails them for the machine's load, not for a defect.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          ...quiet,
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
          exclude: ['tests/reliability/**/*.long.test.ts'],
          // The e2e files drive a real Chromium: found or installed before any test, or the run stops with the command to run.
          globalSetup: ['tests/helpers/chromium-setup.ts'],
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
