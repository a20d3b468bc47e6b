import type { ScheduledEvent } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { createDocumentClient } from '../adapters/aws-clients';
import { CounterCompactionStore } from '../adapters/counter-compaction-store';
import { evidenceStoreFor } from '../adapters/evidence-store';
import { createLogger } from '../adapters/logger';
import { ReferralStore } from '../adapters/referral-store';
import { RuleOfLawStore } from '../adapters/rule-of-law-store';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/runtime-config';
import { defaultRetentionDays } from '../core/rule-of-law/retention';
import { compactedCounterDimensions, counterCompactionWindowDays } from '../core/trends/counter-compaction';
import { queues } from '../../infra/resources';
import { runScheduler, type SchedulerDependencies, type SchedulerSummary } from './run-scheduler';

const logger = createLogger('scheduler');

/** Settings only the scheduler reads. */
const schedulerEnvironment = z.object({
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(defaultRetentionDays),
});

export const createSchedulerStage = (
  config: RuntimeConfig,
  options: { env?: NodeJS.ProcessEnv; documentClient?: DynamoDBDocumentClient; scanExpiredItems?: boolean; emit?: (line: string) => void } = {},
): SchedulerDependencies => {
  const settings = schedulerEnvironment.parse(options.env ?? process.env);
  const client = options.documentClient ?? createDocumentClient(config);
  const referrals = new ReferralStore(client, config.TABLE_NAME);
  return {
    ruleOfLaw: new RuleOfLawStore(client, config.TABLE_NAME, referrals, evidenceStoreFor(config)),
    retentionDays: settings.RETENTION_DAYS,
    // Derived from the deployed queues' retention, so lengthening one lengthens the window.
    counters: { store: new CounterCompactionStore(client, config.TABLE_NAME), dimensions: compactedCounterDimensions, windowDays: counterCompactionWindowDays(queues) },
    stage: config.STAGE,
    // EMF must be a bare JSON line on stdout, not wrapped by the logger.
    emit: options.emit ?? ((line) => void process.stdout.write(`${line}\n`)),
    ...(options.scanExpiredItems ? { expiredItems: { client, tableName: config.TABLE_NAME } } : {}),
  };
};

let stage: SchedulerDependencies | undefined;

/** EventBridge schedule (infra/stages.ts): flag near deadlines, purge past retention except held items, compact closed counters. */
export const handler = async (_event?: ScheduledEvent): Promise<SchedulerSummary> => {
  stage ??= createSchedulerStage(readRuntimeConfig());
  const summary = await runScheduler(stage, new Date());
  logger.info('scheduler run', { ...summary });
  return summary;
};
