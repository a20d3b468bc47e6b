import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { scanItems } from '../helpers/fault-scenario';
import { postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { makeContents, planReports } from '../helpers/workload';

/**
 * Issue 7 item 5: the local stack holds 100 reports/s for 60 s on loopback. The sender is
 * open-loop (a fixed schedule, not "send when the last answered"), so a slow server shows
 * up as latency and queue depth rather than as a politely slowed client. Runs in
 * `npm run test:reliability`, alone, so the latency figures are the stack's own.
 */
const ratePerSecond = 100;
const durationSeconds = 60;
const total = ratePerSecond * durationSeconds;
/** Requests in flight beyond this mean the API is not keeping up: the run fails rather than queue unboundedly in the client. */
const maxInFlight = 400;

let local: LocalStackHandle;

beforeAll(async () => {
  // Lambda's maximum concurrency for the process function (infra/resources.ts).
  local = await startLocalStack({ processConcurrency: 5 });
});
afterAll(async () => {
  await local?.stop();
});

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`${ratePerSecond} reports/s for ${durationSeconds} s on loopback`, () => {
  it('accepts every report on schedule and stores every one', async () => {
    const units = ['eu-iru', 'fr-pharos', 'de-bka', 'es-cgi', 'nl-nctv'];
    const plan = planReports(makeContents(2_000), units, total, 100_60);
    const tokens = new Map(await Promise.all(units.map(async (unit) => [unit, await local.tokenFor({ role: 'referrer', unit })] as const)));

    let maxDepth = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const attributes = await local.stack.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: local.stack.queues.ingest.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        const depth = Number(attributes.Attributes?.['ApproximateNumberOfMessages'] ?? 0) + Number(attributes.Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 0);
        maxDepth = Math.max(maxDepth, depth);
        await sleep(250);
      }
    })();

    const errors: string[] = [];
    const apiLatencies: number[] = [];
    const inFlight = new Set<Promise<void>>();
    let maxLagMs = 0;
    let maxInFlightSeen = 0;
    const started = performance.now();
    for (let i = 0; i < total && errors.length < 20; i += 1) {
      const due = started + (i * 1_000) / ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      maxLagMs = Math.max(maxLagMs, performance.now() - due);
      if (inFlight.size >= maxInFlight) {
        errors.push(`more than ${maxInFlight} requests in flight at report ${i}`);
        break;
      }
      const planned = plan[i];
      if (!planned) break;
      const sentAt = performance.now();
      const request = postJson(`${local.apiUrl}/v1/reports`, tokens.get(planned.unit), planned.report)
        .then(async (response) => {
          await response.arrayBuffer();
          apiLatencies.push(performance.now() - sentAt);
          if (response.status !== 202) errors.push(`report ${i}: HTTP ${response.status}`);
        })
        .catch((error: unknown) => {
          errors.push(`report ${i}: ${(error as Error).message}`);
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      maxInFlightSeen = Math.max(maxInFlightSeen, inFlight.size);
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - started) / 1_000;
    expect(errors).toEqual([]);

    // Drained when every submission is processed; bounded so a stuck pipeline fails the test.
    const deadline = Date.now() + 240_000;
    let submissions = await scanItems(local, 'submission');
    while (submissions.filter((s) => s['status'] === 'processed').length < total && Date.now() < deadline) {
      await sleep(2_000);
      submissions = await scanItems(local, 'submission');
    }
    sampling = false;
    await sampler;
    const drainSeconds = (performance.now() - started) / 1_000 - sendSeconds;

    expect(submissions.length).toBe(total);
    expect(submissions.filter((s) => s['status'] !== 'processed')).toEqual([]);
    const reports = await scanItems(local, 'report');
    expect(reports.length).toBe(total);
    expect(new Set(reports.map((r) => r['submissionId'])).size).toBe(total);
    // The schedule held: 6,000 sends took 60 s, not longer (the client was never the bottleneck).
    expect(sendSeconds).toBeLessThan(durationSeconds + 3);

    const latencies = submissions.map((s) => Date.parse(String(s['processedAt'])) - Date.parse(String(s['acceptedAt']))).sort((a, b) => a - b);
    const api = [...apiLatencies].sort((a, b) => a - b);
    const figures = {
      reports: total,
      sendSeconds: Number(sendSeconds.toFixed(1)),
      achievedRatePerSecond: Number((total / sendSeconds).toFixed(1)),
      drainAfterLastSendSeconds: Number(drainSeconds.toFixed(1)),
      acceptedToStoredMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) },
      apiResponseMs: { p50: Math.round(percentile(api, 50)), p95: Math.round(percentile(api, 95)), p99: Math.round(percentile(api, 99)) },
      maxIngestQueueDepth: maxDepth,
      maxScheduleLagMs: Math.round(maxLagMs),
      maxInFlight: maxInFlightSeen,
    };
    console.info(`load run: ${JSON.stringify(figures)}`);
    expect(latencies.every((ms) => ms >= 0)).toBe(true);
  });
});
