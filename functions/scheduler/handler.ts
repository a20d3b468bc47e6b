import type { ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import type { AwsClients } from '../adapters/aws-clients';
import { createStores } from '../adapters/create-stores';
import { createSqsClient } from '../adapters/aws-clients';
import { QueueSender } from '../adapters/queue-sender';
import { evidenceStoreFor } from '../adapters/evidence-store';
import { timestampAuthorityFor } from '../adapters/timestamp-authority';
import { createLogger } from '../adapters/logger';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/runtime-config';
import { defaultRetentionDays } from '../core/rule-of-law/retention';
import { compactedCounterDimensions, defaultCounterCompactionWindowDays } from '../core/trends/counter-compaction';
import { runScheduler, type SchedulerDependencies, type SchedulerSummary } from './run-scheduler';

const logger = createLogger('scheduler');

/** Settings only the scheduler reads. */
const schedulerEnvironment = z.object({
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(defaultRetentionDays),
  /**
   * Days a repeat of a counting write can still arrive, derived from the queues' retention
   * (core/trends/counter-compaction.ts): lengthening a queue's retention lengthens it.
   */
  COUNTER_COMPACTION_WINDOW_DAYS: z.coerce.number().int().min(1).max(3_650).default(defaultCounterCompactionWindowDays),
});

export const createSchedulerStage = (
  config: RuntimeConfig,
  options: { env?: NodeJS.ProcessEnv; documentClient?: AwsClients['documentClient']; sqsClient?: AwsClients['sqsClient']; scanExpiredItems?: boolean; emit?: (line: string) => void } = {},
): SchedulerDependencies => {
  const settings = schedulerEnvironment.parse(options.env ?? process.env);
  const evidence = evidenceStoreFor(config);
  const stores = createStores(config, { ...(options.documentClient ? { documentClient: options.documentClient } : {}), ...(evidence ? { evidence } : {})  });
  const escalationQueueUrl = config.ESCALATION_QUEUE_URL;
  const queueSender = escalationQueueUrl ? new QueueSender(options.sqsClient ?? createSqsClient(config)) : undefined;
  return {
    stores,
    ...(escalationQueueUrl && queueSender
      ? { escalations: { store: stores.escalations, enqueue: async (message) => void (await queueSender.sendJson(escalationQueueUrl, message, { referralId: message.referralId })) } }
      : {}),
    auditAnchoring: { chains: stores.auditChain, stamp: timestampAuthorityFor(config) },
    retentionDays: settings.RETENTION_DAYS,
    counters: { dimensions: compactedCounterDimensions, windowDays: settings.COUNTER_COMPACTION_WINDOW_DAYS },
    stage: config.STAGE,
    // EMF must be a bare JSON line on stdout, not wrapped by the logger.
    emit: options.emit ?? ((line) => void process.stdout.write(`${line}\n`)),
    ...(options.scanExpiredItems ? { scanExpiredItems: true } : {}),
  };
};

let stage: SchedulerDependencies | undefined;

/** EventBridge schedule (infra/stages.ts): re-page unacknowledged P1 pages, flag near deadlines, purge past retention except held items, compact closed counters. */
export const handler = async (_event?: ScheduledEvent): Promise<SchedulerSummary> => {
  stage ??= createSchedulerStage(readRuntimeConfig());
  const summary = await runScheduler(stage, new Date());
  logger.info('scheduler run', { ...summary });
  return summary;
};
