import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  functionName: string;
  handler: SqsHandler;
  batchSize: number;
  /** Concurrent batches, like the event source mapping's maximum concurrency. */
  concurrency: number;
  /**
   * Test acceleration only: make failed messages visible again after this many seconds
   * instead of waiting out the queue's visibility timeout. Lambda does not do this.
   */
  retryAfterSeconds?: number;
  onError?: (error: unknown) => void;
}

const toRecord = (message: Message, options: PollerOptions): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.['ApproximateReceiveCount'] ?? '1',
    SentTimestamp: message.Attributes?.['SentTimestamp'] ?? String(Date.now()),
    SenderId: message.Attributes?.['SenderId'] ?? 'local',
    ApproximateFirstReceiveTimestamp: message.Attributes?.['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      { dataType: value.DataType ?? 'String', ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }) },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: options.queueArn,
  awsRegion: options.region,
});

const lambdaContext = (functionName: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: crypto.randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/**
 * What Lambda's SQS event source mapping does, on the laptop: long-poll up to
 * `batchSize` messages, invoke the handler with real SQS event records, delete the
 * ones not reported in `batchItemFailures`, leave the rest to the visibility timeout
 * and the queue's redrive policy. A handler that throws fails the whole batch.
 */
export class EventSourcePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private abort = new AbortController();

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Stops polling and waits for in-flight batches to finish, so nothing is half-processed by us. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  async pollOnce(): Promise<number> {
    const { sqs, queueUrl } = this.options;
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: this.options.batchSize,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return 0;
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, this.options)) };
    let failedIds: Set<string>;
    try {
      const response = await this.options.handler(event, lambdaContext(this.options.functionName));
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      failedIds = new Set(event.Records.map((record) => record.messageId));
    }
    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId ?? ''));
    if (succeeded.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })),
        }),
      );
    }
    if (this.options.retryAfterSeconds !== undefined) {
      for (const message of messages.filter((m) => failedIds.has(m.MessageId ?? ''))) {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.ReceiptHandle ?? '',
            VisibilityTimeout: this.options.retryAfterSeconds,
          }),
        );
      }
    }
    return messages.length;
  }
}
