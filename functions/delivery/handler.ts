import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { deliveryMessageV1 } from '../contract/lifecycle';
import { createSqsClient, type AwsClients } from '../adapters/aws-clients';
import { createStores } from '../adapters/create-stores';
import { createLogger } from '../adapters/logger';
import { parkPoisonMessage, parseOrPark } from '../adapters/poison-messages';
import { QueueSender } from '../adapters/queue-sender';
import { createWebhookTransport, type WebhookPost } from '../adapters/webhook-transport';
import { readRuntimeConfig, type RuntimeConfig } from '../adapters/runtime-config';
import { deliverReferral, type DeliveryDependencies } from './deliver-referral';
import { retryDelaySeconds } from './platform-payload';

const logger = createLogger('delivery');

/** Settings only the delivery stage reads. */
const deliveryEnvironment = z.object({
  DELIVERY_QUEUE_URL: z.string().min(1).optional(),
  DELIVERY_DLQ_URL: z.string().min(1).optional(),
  /** First retry delay; doubled per attempt (the local stack shortens it to watch retries). */
  DELIVERY_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  /**
   * Set by the local stack only: its sandbox platform's origin, exempt from the HTTPS and
   * public-address rules of webhooks. Loopback HTTP only, so even a stray setting in the cloud
   * opens nothing beyond the function itself.
   */
  LOCAL_SANDBOX_WEBHOOK_ORIGIN: z
    .string()
    .regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/, 'the sandbox origin is http://127.0.0.1:<port>')
    .optional(),
});

export interface DeliveryStage {
  dependencies: DeliveryDependencies;
  queues: QueueSender;
  queueUrl?: string;
  deadLetterUrl?: string;
  retryBaseSeconds: number;
}

export interface DeliveryClients extends AwsClients {
  /** How webhooks are posted; by default with the delivery-time checks of webhook-transport.ts. */
  post?: WebhookPost;
}

export const createDeliveryStage = (config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env, clients: DeliveryClients = {}): DeliveryStage => {
  const settings = deliveryEnvironment.parse(env);
  return {
    queues: new QueueSender(clients.sqsClient ?? createSqsClient(config)),
    ...(settings.DELIVERY_QUEUE_URL ? { queueUrl: settings.DELIVERY_QUEUE_URL } : {}),
    ...(settings.DELIVERY_DLQ_URL ? { deadLetterUrl: settings.DELIVERY_DLQ_URL } : {}),
    retryBaseSeconds: settings.DELIVERY_RETRY_BASE_SECONDS,
    dependencies: {
      stores: createStores(config, clients.documentClient ? { documentClient: clients.documentClient } : {}),
      post: clients.post ?? createWebhookTransport(settings.LOCAL_SANDBOX_WEBHOOK_ORIGIN ? { sandboxOrigin: settings.LOCAL_SANDBOX_WEBHOOK_ORIGIN } : {}),
      now: () => new Date(),
      timeoutMs: 3_000,
    },
  };
};

/** arn:aws:sqs:<region>:<account>:<name> -> the queue URL, when no URL is configured (Lambda event sources pass the ARN). */
const queueUrlFromArn = (arn: string): string | undefined => {
  const [, , , region, account, name] = arn.split(':');
  return region && account && name ? `https://sqs.${region}.amazonaws.com/${account}/${name}` : undefined;
};

/**
 * One delivery message. Unparseable or pointing at nothing: to the DLQ at once with the
 * reason. A failed attempt: the message's visibility is set to the backoff delay and the
 * record is reported failed, so SQS hands it back later; after maxReceiveCount the queue's
 * redrive policy parks it in the DLQ.
 */
export const createDeliveryRecordHandler = (stage: DeliveryStage) => async (record: SQSRecord): Promise<void> => {
  const parking = { queues: stage.queues, deadLetterUrl: stage.deadLetterUrl, logger };
  const message = await parseOrPark(record, deliveryMessageV1, 'deliveryMessageV1', parking);
  if (!message) return;
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  const outcome = await deliverReferral(message, attempt, stage.dependencies);
  if (outcome.result === 'poison') {
    await parkPoisonMessage(parking, record, outcome.reason);
    return;
  }
  if (outcome.result !== 'failed') {
    logger.info('delivery handled', { referralId: message.referralId, outcome, attempt });
    return;
  }
  const delay = retryDelaySeconds(attempt, stage.retryBaseSeconds);
  const queueUrl = stage.queueUrl ?? queueUrlFromArn(record.eventSourceARN);
  if (queueUrl) {
    await stage.queues.changeVisibility(queueUrl, record.receiptHandle, delay);
  }
  logger.warn('delivery failed; retrying with backoff', { referralId: message.referralId, attempt, delaySeconds: delay, error: outcome.error });
  throw new Error(`delivery of ${message.referralId} failed (attempt ${attempt}): ${outcome.error}`);
};

export const createDeliveryHandler = (resolveStage: () => DeliveryStage) => {
  let stage: DeliveryStage | undefined;
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    stage ??= resolveStage();
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, createDeliveryRecordHandler(stage), processor, { context, throwOnFullBatchFailure: false });
  };
};

export const handler = createDeliveryHandler(() => createDeliveryStage(readRuntimeConfig()));
