import { ingestQueuesDepth } from './ingest-depth';
import { listDeadLetters, type DeadLetter } from '../../infra/local/dlq-cli';
import type { QueueName } from '../../infra/resources';
import { scanItems } from './fault-scenario';
import { postJson } from './factories';
import type { LocalStackHandle } from './local-stack';
import { makeContents, planReports } from './workload';

/**
 * Reports offered to the local stack on a fixed schedule (open loop: a slow server shows up as
 * latency, schedule lag and queue depth rather than as a politely slowed client), then waited
 * for until every accepted report is processed. Shared by the reliability test, which checks
 * what must hold at any speed, and the benchmark, which holds the figures against targets.
 */
export interface LoadOptions {
  ratePerSecond: number;
  durationSeconds: number;
  /**
   * Requests in flight at most. Beyond it the client waits for an answer before sending more:
   * the schedule slips (visible in maxScheduleLagMs and the achieved rate) instead of the client
   * queueing without bound on a machine slower than the schedule.
   */
  maxInFlight: number;
  /** The drain fails only when no submission was processed for this long: slow is fine, stuck is not. */
  stallTimeoutMs?: number;
}

export interface LoadRun {
  offered: number;
  /** Reports refused (a 4xx but 429) or still failing after every retry, at most 20 listed. */
  errors: string[];
  submissions: Record<string, unknown>[];
  reports: Record<string, unknown>[];
  deadLetters: Record<QueueName, DeadLetter[]>;
  /** Accepted (API) to stored (process stage) per submission, ascending, in ms. */
  acceptedToStoredMs: number[];
  /** API response time per request, ascending, in ms. */
  apiResponseMs: number[];
  sendSeconds: number;
  drainAfterLastSendSeconds: number;
  maxIngestQueueDepth: number;
  maxScheduleLagMs: number;
  maxInFlightSeen: number;
  /** Sends repeated after a connection failure or a 429/5xx answer. */
  retries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export const runLoad = async (local: LocalStackHandle, options: LoadOptions): Promise<LoadRun> => {
  const total = options.ratePerSecond * options.durationSeconds;
  const units = ['eu-iru', 'fr-pharos', 'de-bka', 'es-cgi', 'nl-nctv'];
  const plan = planReports(makeContents(2_000), units, total, 100_60);
  const tokens = new Map(await Promise.all(units.map(async (unit) => [unit, await local.tokenFor({ role: 'referrer', unit })] as const)));

  let maxDepth = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const depth = await ingestQueuesDepth(local.stack);
      maxDepth = Math.max(maxDepth, depth);
      await sleep(250);
    }
  })();

  const errors: string[] = [];
  const apiLatencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let maxLagMs = 0;
  let maxInFlightSeen = 0;
  let retries = 0;
  const maxAttempts = 8;
  const started = performance.now();
  for (let i = 0; i < total && errors.length < 20; i += 1) {
    const due = started + (i * 1_000) / options.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const planned = plan[i];
    if (!planned) break;
    const sentAt = performance.now();
    // Sent again with the same submission id after a connection failure or a 429/5xx, as the
    // extension's outbox does: on a loaded machine a send may fail, and a retry is idempotent.
    const send = async (attempt: number): Promise<void> => {
      let failure: string;
      try {
        const response = await postJson(`${local.apiUrl}/v1/reports`, tokens.get(planned.unit), planned.report);
        await response.arrayBuffer();
        if (response.status === 202) {
          apiLatencies.push(performance.now() - sentAt);
          return;
        }
        if (response.status !== 429 && response.status < 500) {
          errors.push(`report ${i}: HTTP ${response.status}`);
          return;
        }
        failure = `HTTP ${response.status}`;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        failure = `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message ?? ''})` : ''}`;
      }
      if (attempt >= maxAttempts) {
        errors.push(`report ${i}: ${failure} after ${attempt} attempts`);
        return;
      }
      retries += 1;
      await sleep(Math.min(5_000, 100 * 2 ** attempt) * Math.random());
      await send(attempt + 1);
    };
    const request = send(1).finally(() => inFlight.delete(request));
    inFlight.add(request);
    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight.size);
  }
  await Promise.all(inFlight);
  const sendSeconds = (performance.now() - started) / 1_000;

  // Drained when every submission is processed; a pipeline that stops making progress fails.
  const stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
  const processedCount = (items: Record<string, unknown>[]) => items.filter((s) => s['status'] === 'processed').length;
  let submissions = await scanItems(local, 'submission');
  let lastProgressAt = Date.now();
  let processed = processedCount(submissions);
  while (errors.length === 0 && processed < total && Date.now() - lastProgressAt < stallTimeoutMs) {
    await sleep(2_000);
    submissions = await scanItems(local, 'submission');
    const now = processedCount(submissions);
    if (now > processed) lastProgressAt = Date.now();
    processed = now;
  }
  sampling = false;
  await sampler;
  const drainAfterLastSendSeconds = (performance.now() - started) / 1_000 - sendSeconds;

  const deadLetters = {} as Record<QueueName, DeadLetter[]>;
  for (const [name, queue] of Object.entries(local.stack.queues) as [QueueName, (typeof local.stack.queues)[QueueName]][]) {
    deadLetters[name] = await listDeadLetters(local.stack.sqs, { name, deadLetterUrl: queue.deadLetterUrl, sourceUrl: queue.url }, { max: 50 });
  }
  return {
    offered: total,
    errors,
    submissions,
    reports: await scanItems(local, 'report'),
    deadLetters,
    acceptedToStoredMs: submissions
      .filter((s) => s['processedAt'] !== undefined)
      .map((s) => Date.parse(String(s['processedAt'])) - Date.parse(String(s['acceptedAt'])))
      .sort((a, b) => a - b),
    apiResponseMs: [...apiLatencies].sort((a, b) => a - b),
    sendSeconds,
    drainAfterLastSendSeconds,
    maxIngestQueueDepth: maxDepth,
    maxScheduleLagMs: maxLagMs,
    maxInFlightSeen,
    retries,
  };
};

/** The figures of a run, as the reliability test prints them and the benchmark tabulates them. */
export const loadFigures = (run: LoadRun) => ({
  reports: run.offered,
  sendSeconds: Number(run.sendSeconds.toFixed(1)),
  achievedRatePerSecond: Number((run.offered / run.sendSeconds).toFixed(1)),
  drainAfterLastSendSeconds: Number(run.drainAfterLastSendSeconds.toFixed(1)),
  acceptedToStoredMs: { p50: percentile(run.acceptedToStoredMs, 50), p95: percentile(run.acceptedToStoredMs, 95), p99: percentile(run.acceptedToStoredMs, 99), max: run.acceptedToStoredMs.at(-1) },
  apiResponseMs: { p50: Math.round(percentile(run.apiResponseMs, 50)), p95: Math.round(percentile(run.apiResponseMs, 95)), p99: Math.round(percentile(run.apiResponseMs, 99)) },
  maxIngestQueueDepth: run.maxIngestQueueDepth,
  maxScheduleLagMs: Math.round(run.maxScheduleLagMs),
  maxInFlight: run.maxInFlightSeen,
  retries: run.retries,
});
