import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

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
   * Parks a message that can never be processed in the dead-letter queue at once,
   * with the reason as a message attribute, instead of letting it fail five times.
   */
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
