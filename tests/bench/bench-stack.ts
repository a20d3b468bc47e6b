import { ingestQueuesDepth } from '../helpers/ingest-depth';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * An embedded stack in a fresh temporary folder for one benchmark module. Each stack gets
 * its own process handler: the module-level `handler` caches the first stack's clients,
 * and the bench runner starts several stacks in one process.
 */
export const startBenchStack = async (options: { processConcurrency?: number } = {}): Promise<LocalStackHandle> => {
  // Loggers read their level when their module is first imported, so set it before that:
  // a JSON line per report would measure the console, not the pipeline.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
  const { createProcessHandler, createProcessStage } = await import('../../functions/process/handler');
  return startLocalStack({
    ...options,
    processHandlerFactory: (config, lane) => createProcessHandler(() => createProcessStage(config, {}, lane)),
  });
};

/** Waits until both ingest lanes' queues hold nothing, visible or in flight: every accepted report is processed. */
export const waitForIngestDrained = async (local: LocalStackHandle, timeoutMs = 120_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = await ingestQueuesDepth(local.stack);
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`the ingest queues still hold ${waiting} messages after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

export const percentile = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
};

/** acceptedAt -> processedAt of each submission, in ms, and the last processedAt. */
export const acceptanceToStored = async (local: LocalStackHandle, submissionIds: string[]): Promise<{ latencies: number[]; lastProcessedAt: number; unprocessed: number }> => {
  const latencies: number[] = [];
  let lastProcessedAt = 0;
  let unprocessed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < submissionIds.length) {
        const id = submissionIds[next] as string;
        next += 1;
        const submission = await local.store.getSubmission(id);
        if (submission?.status !== 'processed' || !submission.processedAt) {
          unprocessed += 1;
          continue;
        }
        const processedAt = Date.parse(submission.processedAt);
        latencies.push(processedAt - Date.parse(submission.acceptedAt));
        lastProcessedAt = Math.max(lastProcessedAt, processedAt);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), lastProcessedAt, unprocessed };
};
