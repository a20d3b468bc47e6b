import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { financialMessageV1 } from '../contract/financial';
import { createSqsClient, type AwsClients } from '../adapters/aws-clients';
import { createStores } from '../adapters/create-stores';
import { createLogger } from '../adapters/logger';
import { QueueSender } from '../adapters/queue-sender';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/runtime-config';
import { buildDossier, type FinancialDependencies } from './build-dossier';

const logger = createLogger('financial');

/** Settings only the financial stage reads. */
const financialEnvironment = z.object({ FINANCIAL_DLQ_URL: z.string().min(1).optional() });

export interface FinancialStage {
  dependencies: FinancialDependencies;
  queues: QueueSender;
  deadLetterUrl?: string;
}

export const createFinancialStage = (config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env, clients: AwsClients = {}): FinancialStage => {
  const settings = financialEnvironment.parse(env);
  const stores = createStores(config, clients.documentClient ? { documentClient: clients.documentClient } : {});
  return {
    queues: new QueueSender(clients.sqsClient ?? createSqsClient(config)),
    ...(settings.FINANCIAL_DLQ_URL ? { deadLetterUrl: settings.FINANCIAL_DLQ_URL } : {}),
    dependencies: { referralOf: (referralId) => stores.referrals.get(referralId), dossiers: stores.dossiers },
  };
};

const describeIssues = (issues: readonly z.core.$ZodIssue[]) => issues.slice(0, 5).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');

/**
 * One financial message. Unreadable, or naming a referral that is gone: to the DLQ at once with
 * the reason. A failed write throws, and SQS redelivers the message; the dossier writes repeat safely.
 */
export const createFinancialRecordHandler = (stage: FinancialStage) => async (record: SQSRecord): Promise<void> => {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    await park(stage, record, 'body is not JSON');
    return;
  }
  const parsed = financialMessageV1.safeParse(json);
  if (!parsed.success) {
    await park(stage, record, `message does not match financialMessageV1: ${describeIssues(parsed.error.issues)}`);
    return;
  }
  const outcome = await buildDossier(parsed.data, stage.dependencies);
  if (outcome.result === 'poison') {
    await park(stage, record, outcome.reason);
    return;
  }
  logger.info('referral filed in its indicator dossiers', { referralId: parsed.data.referralId, indicators: outcome.indicators });
};

const park = async (stage: FinancialStage, record: SQSRecord, reason: string): Promise<void> => {
  logger.error('financial message parked', { messageId: record.messageId, reason });
  // Without a DLQ URL the redrive policy parks it after maxReceiveCount instead.
  if (!stage.deadLetterUrl) throw new Error(`unprocessable financial message: ${reason}`);
  await stage.queues.sendToDeadLetter(stage.deadLetterUrl, record.body, reason, record.messageId);
};

export const createFinancialHandler = (resolveStage: () => FinancialStage) => {
  let stage: FinancialStage | undefined;
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    stage ??= resolveStage();
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, createFinancialRecordHandler(stage), processor, { context, throwOnFullBatchFailure: false });
  };
};

export const handler = createFinancialHandler(() => createFinancialStage(readRuntimeConfig()));
