import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { makeReport, postJson } from '../helpers/factories';

const run = promisify(execFile);
let local: LocalStackHandle;

beforeAll(async () => {
  local = await startLocalStack();
  const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
  const urls = ['https://t.me/s/chan_a/1', 'https://t.me/s/chan_b/2', 'https://www.youtube.com/watch?v=abcdefghij1'];
  for (const url of urls) {
    const report = makeReport({ url });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    await local.waitForSubmission(report.submissionId);
  }
});
afterAll(async () => {
  await local?.stop();
});

// The tools must find the stack from .data/, not from an override in the caller's environment.
const { REFERRAL_DESK_API: _apiOverride, ...withoutApiOverride } = process.env;
/** Runs a command-line tool the way `npm run` does: Node 24 with tsx. */
const cli = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd(), env: { ...withoutApiOverride, DATA_DIR: local.dataDir } });

describe('operator tools against the local stack', () => {
  it('npm run trends prints referrals per platform from the exact counters', async () => {
    const token = await local.tokenFor({ role: 'analyst', unit: 'eu-iru' });
    const today = new Date().toISOString().slice(0, 10);
    const { stdout } = await cli('infra/local/trends-cli.ts', ['--api', local.apiUrl, '--token', token, '--from', today, '--by', 'platform']);
    expect(stdout).toMatch(/telegram/);
    expect(stdout).toMatch(/^day\s+telegram\s+youtube\s+total$/m);
    expect(stdout).toMatch(/youtube/);
    const row = stdout.split('\n').find((line) => line.startsWith(today));
    expect(row?.trim().split(/\s+/).slice(1).map(Number)).toEqual([2, 1, 3]);
  });

  it('npm run trends without --api finds the stack `npm start` runs from .data/, as npm run report does', async () => {
    await local.announceRunning();
    const today = new Date().toISOString().slice(0, 10);
    const { stdout } = await cli('infra/local/trends-cli.ts', ['--from', today, '--by', 'platform']);
    const row = stdout.split('\n').find((line) => line.startsWith(today));
    expect(row?.trim().split(/\s+/).slice(1).map(Number)).toEqual([2, 1, 3]);
  });

  it('npm run trends refuses a missing --from with its usage', async () => {
    await expect(cli('infra/local/trends-cli.ts', ['--api', local.apiUrl])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
  });

  it('parks an unreadable delivery message in the delivery DLQ with its reason', async () => {
    const { sqs, queues } = local.stack;
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.delivery.url, MessageBody: '{"type":"referral.deliver","version":99}' }));
    const deadline = Date.now() + 15_000;
    let reason: string | undefined;
    while (!reason && Date.now() < deadline) {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.delivery.deadLetterUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
      reason = received.Messages?.[0]?.MessageAttributes?.['reason']?.StringValue;
    }
    expect(reason).toBeTruthy();
  });
});
