import type { IngestLane } from '../../functions/core/ingest-lane';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import type { RuntimeConfig } from '../../functions/adapters/runtime-config';
import { partitions } from '../../functions/adapters/table/keys';
import { createProcessHandler, createProcessStage } from '../../functions/process/handler';
import type { SqsHandler } from '../../infra/local/event-source-poller';

/** Small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface FaultPlan {
  seed: number;
  /** Probability that a DynamoDB call fails with a throttling error before it is sent. */
  throttleRate: number;
  /** Probability that the process "dies" right after a DynamoDB write succeeded. */
  crashAfterWriteRate: number;
  /** Probability that a whole batch invocation dies after it ran. */
  batchCrashRate: number;
  /**
   * Faults stop for batches whose messages have been received this many times, so that
   * every message gets fault-free attempts before the redrive policy's maxReceiveCount.
   */
  faultFreeFromReceive: number;
}

export interface FaultCounts {
  throttles: number;
  crashesAfterWrite: number;
  batchCrashes: number;
  invocations: number;
  /**
   * Per member (submission id), what happened to each write of a `STAT#unit#<shard>` counter:
   * when a counter is off, the run can say which attempts of which submissions did what.
   */
  unitCounterWrites?: Map<string, string[]>;
}

/** Zeroed fault counts, recording unit-counter writes for the diagnosis of a counter that is off. */
export const newFaultCounts = (): FaultCounts => ({ throttles: 0, crashesAfterWrite: 0, batchCrashes: 0, invocations: 0, unitCounterWrites: new Map() });

/** The string value of a key attribute, marshalled ({ S }) or not. */
const stringAttribute = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { S?: unknown }).S === 'string' ? (value as { S: string }).S : undefined;

const unitCounterMember = (input: unknown): string | undefined => {
  const { Key, ExpressionAttributeValues } = (input ?? {}) as { Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> };
  if (!stringAttribute(Key?.['pk'])?.startsWith(partitions.counter('unit', ''))) return undefined;
  return stringAttribute(ExpressionAttributeValues?.[':memberId']);
};

const faultsAllowed = new AsyncLocalStorage<boolean>();

/**
 * Wraps the real process handler: its DynamoDB client talks to the real dynalite, with
 * AWS SDK middleware that throws throttling errors and simulated crashes at random.
 * A crash after a write is exactly what Lambda dying between two writes looks like to SQS.
 */
export const faultyProcessHandlerFactory = (plan: FaultPlan, counts: FaultCounts) => (config: RuntimeConfig, lane: IngestLane): SqsHandler => {
  const random = seededRandom(plan.seed);
  const raw = new DynamoDBClient({ region: config.AWS_REGION, ...(config.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: config.AWS_ENDPOINT_URL_DYNAMODB } : {}) });
  raw.middlewareStack.add(
    (next) => async (args) => {
      const allowed = faultsAllowed.getStore() === true;
      const member = counts.unitCounterWrites ? unitCounterMember(args.input) : undefined;
      const note = (what: string) => {
        if (member !== undefined) counts.unitCounterWrites?.set(member, [...(counts.unitCounterWrites.get(member) ?? []), `${new Date().toISOString()} ${what}`]);
      };
      if (allowed && random() < plan.throttleRate) {
        counts.throttles += 1;
        note('throttled');
        const error = new Error('Rate of requests exceeds the allowed throughput (injected)');
        error.name = 'ProvisionedThroughputExceededException';
        throw error;
      }
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        note(`failed: ${(error as Error).name}`);
        throw error;
      }
      if (allowed && random() < plan.crashAfterWriteRate) {
        counts.crashesAfterWrite += 1;
        note('written, then killed');
        throw new Error('process killed after a write (injected)');
      }
      note('written');
      return result;
    },
    { step: 'initialize', name: 'faultInjection' },
  );
  const documentClient = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const inner = createProcessHandler(() => createProcessStage(config, { documentClient }, lane));
  return async (event: SQSEvent, context: Context) => {
    counts.invocations += 1;
    const maxReceive = Math.max(...event.Records.map((r) => Number(r.attributes.ApproximateReceiveCount)));
    const allowed = maxReceive < plan.faultFreeFromReceive;
    const response = await faultsAllowed.run(allowed, () => inner(event, context));
    if (allowed && random() < plan.batchCrashRate) {
      counts.batchCrashes += 1;
      throw new Error('batch invocation killed after it ran (injected)');
    }
    return response;
  };
};
