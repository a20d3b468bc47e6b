import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { escalationMessageV1 } from '../contract/escalation';
import { createSnsClient, createSqsClient, type AwsClients } from '../adapters/aws-clients';
import { createStores } from '../adapters/create-stores';
import { createLogger } from '../adapters/logger';
import { createPageTopicTransport } from '../adapters/page-topic-transport';
import { createPagerTransport } from '../adapters/pager-transport';
import { QueueSender } from '../adapters/queue-sender';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/runtime-config';
import { createWebhookTransport, type WebhookPost } from '../adapters/webhook-transport';
import { escalate, type EscalationDependencies } from './escalate';

const logger = createLogger('escalation');

/** Settings only the escalation stage reads. */
const escalationEnvironment = z.object({
  ESCALATION_DLQ_URL: z.string().min(1).optional(),
  /** The ARN of the units' page topics without the unit (CDK sets it when the deployment has page topics). */
  PAGE_TOPIC_ARN_PREFIX: z.string().regex(/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, 'an SNS topic ARN without the unit').optional(),
  /** The local stack's SNS (fauxqs); unset in the cloud. */
  AWS_ENDPOINT_URL_SNS: z.url().optional(),
  /** Set by the local stack only: its sandbox pager's origin, exempt from the HTTPS and public-address rules. */
  LOCAL_SANDBOX_PAGER_ORIGIN: z
    .string()
    .regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/, 'the sandbox origin is http://127.0.0.1:<port>')
    .optional(),
});

export interface EscalationStage {
  dependencies: EscalationDependencies;
  queues: QueueSender;
  deadLetterUrl?: string;
}

export interface EscalationClients extends AwsClients {
  post?: WebhookPost;
  snsClient?: ReturnType<typeof createSnsClient>;
}

export const createEscalationStage = (config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env, clients: EscalationClients = {}): EscalationStage => {
  const settings = escalationEnvironment.parse(env);
  const stores = createStores(config, clients.documentClient ? { documentClient: clients.documentClient } : {});
  const post = clients.post ?? createWebhookTransport(settings.LOCAL_SANDBOX_PAGER_ORIGIN ? { sandboxOrigin: settings.LOCAL_SANDBOX_PAGER_ORIGIN } : {});
  const now = () => new Date();
  // A pager or topic that does not answer within 3 s is retried by SQS rather than holding the batch.
  const pageWebhook = createPagerTransport(post, { timeoutMs: 3_000, now });
  const pageTopic = createPageTopicTransport(
    clients.snsClient ?? createSnsClient(config.AWS_REGION, settings.AWS_ENDPOINT_URL_SNS),
    settings.PAGE_TOPIC_ARN_PREFIX,
    { timeoutMs: 3_000 },
  );
  return {
    queues: new QueueSender(clients.sqsClient ?? createSqsClient(config)),
    ...(settings.ESCALATION_DLQ_URL ? { deadLetterUrl: settings.ESCALATION_DLQ_URL } : {}),
    dependencies: {
      rotaOf: async (unit) => (await stores.unitSettings.get(unit))?.onCall,
      store: stores.escalations,
      sendPage: (unit, contact, event) => (contact.channel.kind === 'webhook' ? pageWebhook(contact.channel, event) : pageTopic(unit, event)),
      now,
    },
  };
};

const describeIssues = (issues: readonly z.core.$ZodIssue[]) => issues.slice(0, 5).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');

/**
 * One escalation message. Unreadable, or for a unit without a rota: to the DLQ at once with the
 * reason. A pager that did not take the page: the record fails and SQS redelivers it; after
 * maxReceiveCount the queue's redrive policy parks it in the DLQ.
 */
export const createEscalationRecordHandler = (stage: EscalationStage) => async (record: SQSRecord): Promise<void> => {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    await park(stage, record, 'body is not JSON');
    return;
  }
  const parsed = escalationMessageV1.safeParse(json);
  if (!parsed.success) {
    await park(stage, record, `message does not match escalationMessageV1: ${describeIssues(parsed.error.issues)}`);
    return;
  }
  const outcome = await escalate(parsed.data, stage.dependencies);
  if (outcome.result === 'poison') {
    await park(stage, record, outcome.reason);
    return;
  }
  if (outcome.result === 'failed') {
    logger.warn('page not accepted; SQS retries', { referralId: parsed.data.referralId, step: parsed.data.step, error: outcome.error });
    throw new Error(`page of ${parsed.data.referralId} step ${parsed.data.step} failed: ${outcome.error}`);
  }
  logger.info('escalation handled', { referralId: parsed.data.referralId, step: parsed.data.step, outcome });
};

const park = async (stage: EscalationStage, record: SQSRecord, reason: string): Promise<void> => {
  logger.error('escalation message parked', { messageId: record.messageId, reason });
  // Without a DLQ URL the redrive policy parks it after maxReceiveCount instead.
  if (!stage.deadLetterUrl) throw new Error(`unprocessable escalation message: ${reason}`);
  await stage.queues.sendToDeadLetter(stage.deadLetterUrl, record.body, reason, record.messageId);
};

export const createEscalationHandler = (resolveStage: () => EscalationStage) => {
  let stage: EscalationStage | undefined;
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    stage ??= resolveStage();
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, createEscalationRecordHandler(stage), processor, { context, throwOnFullBatchFailure: false });
  };
};

export const handler = createEscalationHandler(() => createEscalationStage(readRuntimeConfig()));
