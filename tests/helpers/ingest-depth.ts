import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { LocalStack } from '../../infra/local/local-stack';

/** Messages waiting or in flight on one queue. */
export const queueDepth = async (stack: Pick<LocalStack, 'sqs'>, queueUrl: string): Promise<number> => {
  const attributes = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(attributes.Attributes?.['ApproximateNumberOfMessages'] ?? 0) + Number(attributes.Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 0);
};

/** Accepted reports not yet processed, on both ingest lanes' queues (core/ingest-lane.ts). */
export const ingestQueuesDepth = async (stack: Pick<LocalStack, 'sqs' | 'queues'>): Promise<number> =>
  (await queueDepth(stack, stack.queues.ingest.url)) + (await queueDepth(stack, stack.queues.urgent.url));
