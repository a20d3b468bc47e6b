import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessHandler, createProcessStage, processImageReaders } from '../../functions/process/handler';
import type { SqsHandler } from '../../infra/local/event-source-poller';
import { sandboxPagerSecretFor, type SandboxPager } from '../../infra/local/sandbox-pager';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

const unit = 'eu-iru';

let local: LocalStackHandle;
let pager: SandboxPager;
/** Opens the ingest lane: until then its process stage holds every batch it receives, as under an action day's backlog. */
let openIngestLane: () => void = () => undefined;
const ingestLaneOpen = new Promise<void>((resolve) => {
  openIngestLane = resolve;
});

const contact = (routingKey: string) => ({
  name: routingKey,
  channel: { kind: 'webhook', url: pager.webhookUrlFor(routingKey), routingKey, signingSecret: sandboxPagerSecretFor(local.stack.devAuthSecret, routingKey) },
});

const submissionStatus = async (submissionId: string) => (await local.store.getSubmission(submissionId))?.status;

beforeAll(async () => {
  local = await startLocalStack({
    // The real handlers of both lanes; the ingest lane's waits at the gate.
    processHandlerFactory: (config, lane): SqsHandler => {
      const handler = createProcessHandler(() => createProcessStage(config, processImageReaders, lane));
      if (lane === 'urgent') return handler;
      return async (event, context) => {
        await ingestLaneOpen;
        return handler(event, context);
      };
    },
  });
  local.stack.stopScheduler();
  pager = local.stack.sandboxPager as SandboxPager;
  const admin = await local.tokenFor({ role: 'admin', unit });
  const settings = await fetch(`${local.apiUrl}/v1/units/${unit}/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ expectedVersion: 0, fourEyes: false, contact: { name: 'EU IRU duty desk', email: 'duty@iru.example.eu' }, displayName: 'EU IRU', onCall: { contacts: [contact('duty-1')], unitHead: contact('head'), ackMinutes: 10 } }),
  });
  expect(settings.status).toBe(200);
}, 60_000);

afterAll(async () => {
  openIngestLane();
  await local?.stop();
});

describe('the urgent ingest lane', () => {
  it('pages a threat to life while the ingest lane is held, and processes the held reports once it moves', async () => {
    const referrer = await local.tokenFor({ role: 'referrer', unit });
    const ordinary = makeReport({ url: 'https://x.com/someone/status/1800000000000000901', category: 'propaganda', title: 'Join the caravan' });
    const flagged = makeReport({ url: 'https://x.com/someone/status/1800000000000000902', category: 'attack_planning', urgent: true });
    // Not flagged by the officer: the time marker near an attack term makes it P1, so it must not wait either.
    const announced = makeReport({ url: 'https://x.com/someone/status/1800000000000000903', category: 'attack_planning', selectedText: 'Brothers, the attack on the market is tomorrow at 17:00.' });
    for (const report of [ordinary, flagged, announced]) expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);

    for (const report of [flagged, announced]) {
      const { referralId } = await local.waitForSubmission(report.submissionId);
      expect((await local.getReferral(referralId))?.priority).toBe('P1');
      const page = await waitFor('the page', () => pager.incidents().get(`referral-desk/${referralId}/step-0`));
      expect(page.signatureValid).toBe(true);
    }
    // The ordinary report is still waiting in the held lane, not processed by the urgent one.
    expect(await submissionStatus(ordinary.submissionId)).toBe('accepted');

    // A batch sends each report to its lane: the urgent one is processed, the other waits.
    const batchOrdinary = makeReport({ url: 'https://x.com/someone/status/1800000000000000904', category: 'recruitment' });
    const batchUrgent = makeReport({ url: 'https://x.com/someone/status/1800000000000000905', category: 'attack_planning', urgent: true });
    const batch = await postJson(`${local.apiUrl}/v1/reports:batch`, referrer, { reports: [batchOrdinary, batchUrgent] });
    expect(batch.status).toBe(200);
    expect(((await batch.json()) as { counts: { accepted: number } }).counts.accepted).toBe(2);
    const { referralId: batchReferral } = await local.waitForSubmission(batchUrgent.submissionId);
    expect((await local.getReferral(batchReferral))?.priority).toBe('P1');
    expect(await submissionStatus(batchOrdinary.submissionId)).toBe('accepted');

    openIngestLane();
    for (const report of [ordinary, batchOrdinary]) {
      const { referralId } = await local.waitForSubmission(report.submissionId);
      expect((await local.getReferral(referralId))?.priority).not.toBe('P1');
    }
  }, 90_000);

  it("parks a message it cannot parse in the urgent lane's own dead-letter queue, with the reason", async () => {
    const { sqs, queues } = local.stack;
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.urgent.url, MessageBody: 'not json at all' }));
    const reason = await waitFor('the dead letter', async () => {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.urgent.deadLetterUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
      return received.Messages?.[0]?.MessageAttributes?.['reason']?.StringValue;
    });
    expect(reason).toBe('body is not JSON');
  }, 30_000);
});
