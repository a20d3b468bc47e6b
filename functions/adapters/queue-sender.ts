import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SendMessageCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS's limits for one SendMessageBatch call: 10 entries and 256 KB of bodies in all. */
const maxBatchEntries = 10;
const maxBatchBytes = 256 * 1024;

export interface BatchMessage {
  /** Unique within one call; reported back for entries that could not be sent. */
  id: string;
  body: unknown;
  attributes?: Record<string, string>;
}

/** Sends JSON messages to SQS; the only code (with the local poller) that talks to queues. */
export class QueueSender {
  constructor(private readonly client: SQSClient) {}

  async sendJson(queueUrl: string, body: unknown, attributes: Record<string, string> = {}): Promise<string> {
    const result = await this.client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        MessageAttributes: Object.fromEntries(
          Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
    return result.MessageId ?? '';
  }

  /**
   * Sends many JSON messages with SendMessageBatch (up to 10 and 256 KB per call).
   * Entries SQS refuses are tried once more; returns the ids that still failed, so the
   * caller can tell its client which items to resend.
   */
  async sendJsonBatch(queueUrl: string, messages: BatchMessage[]): Promise<Map<string, string>> {
    const toEntry = (message: BatchMessage): SendMessageBatchRequestEntry => ({
      Id: message.id,
      MessageBody: JSON.stringify(message.body),
      MessageAttributes: Object.fromEntries(
        Object.entries(message.attributes ?? {}).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    });
    const chunks: SendMessageBatchRequestEntry[][] = [];
    let chunk: SendMessageBatchRequestEntry[] = [];
    let chunkBytes = 0;
    for (const entry of messages.map(toEntry)) {
      const bytes = Buffer.byteLength(entry.MessageBody ?? '');
      if (chunk.length === maxBatchEntries || (chunk.length > 0 && chunkBytes + bytes > maxBatchBytes)) {
        chunks.push(chunk);
        chunk = [];
        chunkBytes = 0;
      }
      chunk.push(entry);
      chunkBytes += bytes;
    }
    if (chunk.length > 0) chunks.push(chunk);

    const failed = new Map<string, string>();
    const sendChunk = async (entries: SendMessageBatchRequestEntry[], attempt: number): Promise<void> => {
      try {
        const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const refused = new Map((result.Failed ?? []).map((f) => [f.Id ?? '', f.Message ?? f.Code ?? 'refused by SQS']));
        if (refused.size === 0) return;
        if (attempt === 1) return sendChunk(entries.filter((e) => refused.has(e.Id ?? '')), 2);
        for (const [id, reason] of refused) failed.set(id, reason);
      } catch (error) {
        if (attempt === 1) return sendChunk(entries, 2);
        for (const entry of entries) failed.set(entry.Id ?? '', (error as Error).message);
      }
    };
    await Promise.all(chunks.map((entries) => sendChunk(entries, 1)));
    return failed;
  }

  /**
   * Parks a message that can never be processed in the dead-letter queue at once,
   * with the reason as a message attribute, instead of letting it fail five times.
   */
  /** Hands a received message back after `seconds` instead of the queue's visibility timeout (a retry's backoff). */
  async changeVisibility(queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }

  async sendToDeadLetter(deadLetterUrl: string, rawBody: string, reason: string, sourceMessageId: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: deadLetterUrl,
        MessageBody: rawBody,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: reason.slice(0, 1_000) },
          sourceMessageId: { DataType: 'String', StringValue: sourceMessageId || 'unknown' },
        },
      }),
    );
  }
}
