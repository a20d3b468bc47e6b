import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { queues, type QueueName } from '../resources';
import { readRunningStack, type RunningStack } from './running-stack';

/**
 * `npm run dlq -- list|redrive [--queue ingest] [--max N]`: inspects and replays a
 * dead-letter queue of the running local stack. The functions are exported so tests can
 * drive them against a test stack without a subprocess.
 */

/** One parked message as an operator needs to see it. */
export interface DeadLetter {
  messageId: string;
  /** Why the process stage parked it; absent when the redrive policy moved it (maxReceiveCount exhausted). */
  reason?: string;
  sourceMessageId?: string;
  receiveCount: number;
  body: string;
}

export interface DeadLetterQueue {
  name: QueueName;
  /** The dead-letter queue. */
  deadLetterUrl: string;
  /** Where `redrive` sends messages back to. */
  sourceUrl: string;
}

/** Attributes the process stage adds when it parks a message; they describe the parking, not the message. */
const parkingAttributes = new Set(['reason', 'sourceMessageId']);

/** Upper bound on receive calls per run, so a queue that keeps refilling cannot keep the tool busy. */
const maxReceiveCallsPerMessage = 3;

/** Seconds a listed message stays hidden while we page through the queue; it is made visible again right after. */
const peekVisibilitySeconds = 30;

export const deadLetterQueueOf = (stack: RunningStack, name: string): DeadLetterQueue => {
  if (!(name in queues)) throw new Error(`unknown queue "${name}"; one of ${Object.keys(queues).join(', ')}`);
  const queue = stack.queues[name];
  if (!queue) throw new Error(`the running stack has no queue "${name}"`);
  return { name: name as QueueName, deadLetterUrl: queue.deadLetterUrl, sourceUrl: queue.url };
};

export const sqsClientFor = (stack: RunningStack): SQSClient =>
  new SQSClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

const toDeadLetter = (message: Message): DeadLetter => {
  const reason = message.MessageAttributes?.['reason']?.StringValue;
  const sourceMessageId = message.MessageAttributes?.['sourceMessageId']?.StringValue;
  return {
    messageId: message.MessageId ?? '',
    ...(reason === undefined ? {} : { reason }),
    ...(sourceMessageId === undefined ? {} : { sourceMessageId }),
    receiveCount: Number(message.Attributes?.['ApproximateReceiveCount'] ?? '0'),
    body: message.Body ?? '',
  };
};

/** Receives up to `max` distinct messages, hidden for `visibilitySeconds`; stops when the queue answers empty. */
const receiveDistinct = async (sqs: SQSClient, queueUrl: string, max: number, visibilitySeconds: number): Promise<Message[]> => {
  const seen = new Map<string, Message>();
  const maxCalls = Math.ceil(max / 10) * maxReceiveCallsPerMessage + 1;
  for (let call = 0; call < maxCalls && seen.size < max; call += 1) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - seen.size),
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) if (message.MessageId) seen.set(message.MessageId, message);
  }
  return [...seen.values()];
};

/**
 * fauxqs 2.4 loses a message whose visibility is set to 0 (its SQLite persistence writes
 * NULL into a NOT NULL column after the message left the in-flight set), so messages are
 * made visible again after one second instead, and we wait that second out.
 */
const revealAfterSeconds = 1;

const makeVisible = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> => {
  if (messages.length === 0) return;
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: revealAfterSeconds })),
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, revealAfterSeconds * 1_000 + 100));
};

/**
 * Lists up to `max` parked messages without removing them. As in the AWS console, reading
 * a message counts as a receive (its receive count goes up by one); it is made visible
 * again at once so a redrive or another listing sees it.
 */
export const listDeadLetters = async (sqs: SQSClient, queue: DeadLetterQueue, options: { max: number }): Promise<DeadLetter[]> => {
  const messages = await receiveDistinct(sqs, queue.deadLetterUrl, options.max, peekVisibilitySeconds);
  await makeVisible(sqs, queue.deadLetterUrl, messages);
  return messages.map(toDeadLetter);
};

export interface RedriveResult {
  moved: { messageId: string; newMessageId: string }[];
  failed: { messageId: string; error: string }[];
}

/**
 * Moves up to `max` parked messages back to the source queue. Each message is deleted
 * from the dead-letter queue only after its send succeeded, so a failure leaves it parked
 * (and visible again) rather than lost; a crash in between at worst sends it twice, which
 * the process stage tolerates (it is idempotent per submission).
 */
export const redriveDeadLetters = async (sqs: SQSClient, queue: DeadLetterQueue, options: { max: number }): Promise<RedriveResult> => {
  const messages = await receiveDistinct(sqs, queue.deadLetterUrl, options.max, peekVisibilitySeconds);
  const result: RedriveResult = { moved: [], failed: [] };
  const unsent: Message[] = [];
  for (const message of messages) {
    const messageId = message.MessageId ?? '';
    const attributes: Record<string, MessageAttributeValue> = Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).filter(([name]) => !parkingAttributes.has(name)),
    );
    let newMessageId: string;
    try {
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queue.sourceUrl, MessageBody: message.Body ?? '', MessageAttributes: attributes }));
      newMessageId = sent.MessageId ?? '';
    } catch (error) {
      result.failed.push({ messageId, error: (error as Error).message });
      unsent.push(message);
      continue;
    }
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.deadLetterUrl, ReceiptHandle: message.ReceiptHandle ?? '' }));
    result.moved.push({ messageId, newMessageId });
  }
  // Not moved: visible again within a second, not after the peek timeout, so a second try can follow at once.
  if (unsent.length > 0) await makeVisible(sqs, queue.deadLetterUrl, unsent);
  return result;
};

const previewLength = 120;

/** One line per message: id, receive count, reason, then the start of the body on its own line. */
export const formatDeadLetters = (queue: DeadLetterQueue, letters: DeadLetter[]): string => {
  const lines = [`${letters.length} message(s) in the ${queue.name} dead-letter queue`];
  for (const letter of letters) {
    const reason = letter.reason ?? '(moved by the redrive policy: maxReceiveCount exhausted)';
    // Control characters in a poison body would garble the terminal: shown escaped.
    const preview = JSON.stringify(letter.body.slice(0, previewLength)) + (letter.body.length > previewLength ? '...' : '');
    lines.push(`${letter.messageId}  receives=${letter.receiveCount}  reason=${reason}`, `    ${preview}`);
  }
  return lines.join('\n');
};

const usage = `usage: npm run dlq -- list|redrive [--queue ${Object.keys(queues).join('|')}] [--max N]
  list      print message id, receive count, reason and a body preview (messages stay parked)
  redrive   move messages back to the source queue (each deleted from the DLQ only after it was sent)
  --queue   which queue's DLQ (default ingest)
  --max     at most this many messages (default 100, at most 10000)`;

export const runDlqCli = async (argv: string[], out: (line: string) => void = console.log): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { queue: { type: 'string', default: 'ingest' }, max: { type: 'string', default: '100' }, help: { type: 'boolean', default: false } },
  });
  const [command] = positionals;
  const max = Number(values.max);
  if (values.help || (command !== 'list' && command !== 'redrive') || !Number.isInteger(max) || max < 1 || max > 10_000) {
    out(usage);
    return 2;
  }
  const stack = await readRunningStack();
  const queue = deadLetterQueueOf(stack, values.queue);
  const sqs = sqsClientFor(stack);
  try {
    if (command === 'list') {
      out(formatDeadLetters(queue, await listDeadLetters(sqs, queue, { max })));
      return 0;
    }
    const result = await redriveDeadLetters(sqs, queue, { max });
    for (const moved of result.moved) out(`moved ${moved.messageId} -> ${queue.name} as ${moved.newMessageId}`);
    for (const failed of result.failed) out(`NOT moved ${failed.messageId}: ${failed.error} (still in the DLQ)`);
    out(`${result.moved.length} moved, ${result.failed.length} failed`);
    return result.failed.length === 0 ? 0 : 1;
  } finally {
    sqs.destroy();
  }
};

// Run as a command (`tsx infra/local/dlq-cli.ts`), not when a test imports the functions above.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDlqCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
