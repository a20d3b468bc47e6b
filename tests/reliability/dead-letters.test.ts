import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueueOf, listDeadLetters, redriveDeadLetters, type DeadLetterQueue } from '../../infra/local/dlq-cli';
import type { RunningStack } from '../../infra/local/running-stack';
import { faultyProcessHandlerFactory, newFaultCounts } from '../helpers/fault-injection';
import { runFaultScenario, verifyFaultScenario } from '../helpers/fault-scenario';
import { makeIngestMessage } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * The quick half of the faulty-run checks (the 5,000-report run is fault-run.long.test.ts):
 * poison messages mixed into a faulty run end in the DLQ with a reason and nothing else
 * does; the `npm run dlq` tool lists and redrives them without losing any.
 */
const counts = newFaultCounts();
let local: LocalStackHandle;
let ingestDlq: DeadLetterQueue;

beforeAll(async () => {
  local = await startLocalStack({
    retryAfterSeconds: 1,
    processConcurrency: 3,
    processHandlerFactory: faultyProcessHandlerFactory(
      { seed: 7_2026, throttleRate: 0.02, crashAfterWriteRate: 0.01, batchCrashRate: 0.05, faultFreeFromReceive: 4 },
      counts,
    ),
  });
  ingestDlq = { name: 'ingest', deadLetterUrl: local.stack.queues.ingest.deadLetterUrl, sourceUrl: local.stack.queues.ingest.url };
});
afterAll(async () => {
  await local?.stop();
});

const runningStackOf = (handle: LocalStackHandle): RunningStack => ({
  // The test process stands in for `npm start`: readRunningStack checks that this pid lives.
  pid: process.pid,
  apiUrl: handle.apiUrl,
  dynamoEndpoint: handle.stack.dynamoEndpoint,
  sqsEndpoint: handle.stack.sqsEndpoint,
  region: handle.stack.config.AWS_REGION,
  tableName: handle.stack.config.TABLE_NAME,
  queues: handle.stack.queues,
});

describe('poison messages in a run with crashes, throttling and redelivery', () => {
  it('are parked with a reason; every accepted report is stored once and counted once', async () => {
    const result = await runFaultScenario(local, {
      reports: 200,
      contents: 60,
      poisonMessages: 24,
      units: ['eu-iru', 'fr-pharos', 'de-bka'],
      seed: 11,
      retryEvery: 13,
      settleTimeoutMs: 90_000,
      settlePollMs: 500,
    });
    const figures = verifyFaultScenario(result, counts.unitCounterWrites);
    expect(counts.throttles + counts.crashesAfterWrite + counts.batchCrashes).toBeGreaterThan(5);
    expect(figures.poisonParked).toBe(24);
    console.info(`dead-letter run: ${JSON.stringify({ ...figures, faults: { ...counts, unitCounterWrites: undefined }, elapsedMs: result.elapsedMs })}`);
  });
});

describe('npm run dlq', () => {
  it('lists parked messages with reason and receive count and leaves them parked', async () => {
    const first = await listDeadLetters(local.stack.sqs, ingestDlq, { max: 500 });
    const second = await listDeadLetters(local.stack.sqs, ingestDlq, { max: 500 });
    expect(first.length).toBeGreaterThanOrEqual(24);
    expect(second.map((l) => l.messageId).sort()).toEqual(first.map((l) => l.messageId).sort());
    expect(first.every((l) => l.reason !== undefined && l.receiveCount >= 1)).toBe(true);
    // --max bounds what one call reads.
    expect(await listDeadLetters(local.stack.sqs, ingestDlq, { max: 5 })).toHaveLength(5);
  });

  it('redrives: a recovered message is processed, poison is parked again, and a failed send leaves the message parked', async () => {
    // What the redrive policy leaves after an outage: a good message, parked without a reason.
    const recovered = makeIngestMessage({ unit: 'eu-iru', report: { url: 'https://t.me/s/redriven/1', title: 'parked during an outage' } });
    const stuck = makeIngestMessage({ unit: 'eu-iru', report: { url: 'https://t.me/s/redriven/2', title: 'send fails once' } });
    for (const message of [recovered, stuck]) {
      await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: ingestDlq.deadLetterUrl, MessageBody: JSON.stringify(message) }));
    }
    const before = await listDeadLetters(local.stack.sqs, ingestDlq, { max: 500 });
    const poisonBodies = new Set(before.filter((l) => l.reason !== undefined).map((l) => l.body));
    expect(before.filter((l) => l.reason === undefined).map((l) => l.body).sort()).toEqual([JSON.stringify(recovered), JSON.stringify(stuck)].sort());

    // The real SQS client, with a send to the source queue that fails for one message (a network error mid-redrive).
    const flaky = new SQSClient({ region: local.stack.config.AWS_REGION, endpoint: local.stack.sqsEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    flaky.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { MessageBody?: string };
        if (context.commandName === 'SendMessageCommand' && input.MessageBody === JSON.stringify(stuck)) throw new Error('connection reset (injected)');
        return next(args);
      },
      { step: 'initialize', name: 'failOneSend' },
    );
    const redriven = await redriveDeadLetters(flaky, ingestDlq, { max: 500 });
    flaky.destroy();
    expect(redriven.failed.map((f) => f.error)).toEqual(['connection reset (injected)']);
    expect(redriven.moved).toHaveLength(before.length - 1);

    // The recovered report is processed; the poison comes back to the DLQ with its reason; the failed one never left.
    await local.waitForSubmission(recovered.submissionId, 60_000);
    expect(await local.store.getSubmission(stuck.submissionId)).toBeUndefined();
    const deadline = Date.now() + 60_000;
    let after = await listDeadLetters(local.stack.sqs, ingestDlq, { max: 500 });
    while (new Set(after.filter((l) => l.reason !== undefined).map((l) => l.body)).size < poisonBodies.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      after = await listDeadLetters(local.stack.sqs, ingestDlq, { max: 500 });
    }
    expect(new Set(after.filter((l) => l.reason !== undefined).map((l) => l.body))).toEqual(poisonBodies);
    expect(after.filter((l) => l.reason === undefined).map((l) => l.body)).toEqual([JSON.stringify(stuck)]);
  });

  it('runs as a command against the stack named in $DATA_DIR/local-stack.json', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'referral-desk-dlq-'));
    try {
      await writeFile(join(dataDir, 'local-stack.json'), JSON.stringify(runningStackOf(local)));
      const queue = deadLetterQueueOf(runningStackOf(local), 'ingest');
      const parked = await listDeadLetters(local.stack.sqs, queue, { max: 500 });
      // The same Node that runs the tests, with tsx as `npm run dlq` has it.
      const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/dlq-cli.ts', 'list', '--queue', 'ingest', '--max', '500'], {
        cwd: process.cwd(),
        env: { ...process.env, DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`${parked.length} message(s) in the ingest dead-letter queue`);
      for (const letter of parked) expect(stdout).toContain(letter.messageId);
      expect(stdout).toContain('reason=body is not JSON');
      expect(stdout).toContain('reason=message does not match ingestMessageV1');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
