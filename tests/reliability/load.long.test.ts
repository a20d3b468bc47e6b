import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFigures, runLoad } from '../helpers/load-run';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * 100 reports/s for 60 s on loopback, then everything drained. What must hold whatever the
 * machine's speed is checked here: every report accepted is stored exactly once, no message
 * ends in a dead-letter queue, and every latency is recorded. How fast (the rate held, the
 * latencies, the client's requests in flight) is a benchmark figure with its target
 * (tests/bench/load.bench.ts): a busy shared CI machine cannot promise 100 reports/s.
 */
const ratePerSecond = 100;
const durationSeconds = 60;
const total = ratePerSecond * durationSeconds;

let local: LocalStackHandle;

beforeAll(async () => {
  // Lambda's maximum concurrency for the process function (infra/resources.ts).
  local = await startLocalStack({ processConcurrency: 5 });
});
afterAll(async () => {
  await local?.stop();
});

describe(`${ratePerSecond} reports/s offered for ${durationSeconds} s on loopback`, () => {
  it('accepts every report and stores every one exactly once, with nothing dead-lettered', async () => {
    const run = await runLoad(local, { ratePerSecond, durationSeconds, maxInFlight: 400 });
    expect(run.errors).toEqual([]);

    expect(run.submissions.length).toBe(total);
    expect(run.submissions.filter((s) => s['status'] !== 'processed')).toEqual([]);
    expect(run.reports.length).toBe(total);
    expect(new Set(run.reports.map((r) => r['submissionId'])).size).toBe(total);
    for (const [queue, letters] of Object.entries(run.deadLetters)) expect(letters, `${queue} DLQ`).toEqual([]);

    // Latencies recorded for every report, whatever they are.
    expect(run.apiResponseMs.length).toBe(total);
    expect(run.acceptedToStoredMs.length).toBe(total);
    expect(run.acceptedToStoredMs.every((ms) => ms >= 0)).toBe(true);
    console.info(`load run: ${JSON.stringify(loadFigures(run))}`);
  });
});
