import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultyProcessHandlerFactory, newFaultCounts } from '../helpers/fault-injection';
import { runFaultScenario, verifyFaultScenario } from '../helpers/fault-scenario';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Nothing lost, nothing doubled, at action-day size: 5,000 reports of 1,500 contents from five units (every
 * content in several URL forms, some submissions retried) while the process stage is
 * throttled, killed between writes and after whole batches, and 60 poison messages sit
 * in the same queue. Runs in `npm run test:reliability` (about three minutes on two cores).
 */
const counts = newFaultCounts();
let local: LocalStackHandle;

beforeAll(async () => {
  local = await startLocalStack({
    retryAfterSeconds: 1,
    processConcurrency: 4,
    processHandlerFactory: faultyProcessHandlerFactory(
      { seed: 5_000_2026, throttleRate: 0.01, crashAfterWriteRate: 0.01, batchCrashRate: 0.05, faultFreeFromReceive: 4 },
      counts,
    ),
  });
});
afterAll(async () => {
  await local?.stop();
});

describe('5,000 reports under crashes, throttling, redelivery and poison messages', () => {
  it('stores every accepted report exactly once, keeps counters exact and parks only the poison', async () => {
    const result = await runFaultScenario(local, {
      reports: 5_000,
      contents: 1_500,
      poisonMessages: 60,
      units: ['eu-iru', 'fr-pharos', 'de-bka', 'es-cgi', 'nl-nctv'],
      seed: 20_261_126,
      retryEvery: 17,
      settleTimeoutMs: 420_000,
      settlePollMs: 3_000,
    });
    const figures = verifyFaultScenario(result, counts.unitCounterWrites);
    expect(figures.accepted).toBe(5_000);
    expect(figures.poisonParked).toBe(60);
    // The faults really happened, at every kind.
    expect(counts.throttles).toBeGreaterThan(100);
    expect(counts.crashesAfterWrite).toBeGreaterThan(50);
    expect(counts.batchCrashes).toBeGreaterThan(5);
    console.info(`fault run (5,000): ${JSON.stringify({ ...figures, faults: { ...counts, unitCounterWrites: undefined }, apiStatuses: Object.fromEntries(result.apiStatuses), elapsedMs: result.elapsedMs })}`);
  });
});
