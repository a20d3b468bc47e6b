import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import type { QueueSender } from './queue-sender';

/** Where a stage parks the messages that retrying cannot fix. */
export interface PoisonParking {
  queues: QueueSender;
  /** Without one, the record fails and the queue's redrive policy parks it after maxReceiveCount. */
  deadLetterUrl?: string | undefined;
  logger: Logger;
}

/** Sends a message that will never succeed to the dead-letter queue at once, with its reason. */
export const parkPoisonMessage = async (parking: PoisonParking, record: SQSRecord, reason: string): Promise<void> => {
  if (!parking.deadLetterUrl) {
    parking.logger.error('poison message; the redrive policy will park it', { messageId: record.messageId, reason });
    throw new Error(`poison message: ${reason}`);
  }
  parking.logger.error('poison message moved to the dead-letter queue', { messageId: record.messageId, reason });
  await parking.queues.sendToDeadLetter(parking.deadLetterUrl, record.body, reason, record.messageId);
};

/**
 * The message of one SQS record, parsed with its schema; undefined when the body is not JSON or
 * does not match (a message that will never succeed), which is then parked with the reason.
 */
export const parseOrPark = async <S extends z.ZodType>(record: SQSRecord, schema: S, schemaName: string, parking: PoisonParking): Promise<z.infer<S> | undefined> => {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    await parkPoisonMessage(parking, record, 'body is not JSON');
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');
  await parkPoisonMessage(parking, record, `message does not match ${schemaName}: ${reason}`);
  return undefined;
};
