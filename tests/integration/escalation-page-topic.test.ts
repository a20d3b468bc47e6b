import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/** A unit whose whole rota is its page topic (SNS): in the cloud its admin subscribes e-mail and SMS to it. */
const unit = 'fr-pharos';

let local: LocalStackHandle;

interface TopicDelivery {
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Value: string }>;
}

/** What the page topics delivered to the local stack's page inbox (fauxqs's SNS-to-SQS envelope). */
const inboxDeliveries: TopicDelivery[] = [];
const drainInbox = async (): Promise<TopicDelivery[]> => {
  const received = await local.stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.stack.pageTopics.inboxUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  for (const message of received.Messages ?? []) inboxDeliveries.push(JSON.parse(message.Body ?? '{}') as TopicDelivery);
  return inboxDeliveries;
};

beforeAll(async () => {
  local = await startLocalStack();
  local.stack.stopScheduler();
  const admin = await local.tokenFor({ role: 'admin', unit });
  const topicContact = (name: string) => ({ name, channel: { kind: 'sns' } });
  const response = await fetch(`${local.apiUrl}/v1/units/${unit}/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      expectedVersion: 0,
      fourEyes: false,
      contact: { name: 'PHAROS duty desk', email: 'duty@pharos.example.fr' },
      displayName: 'PHAROS',
      onCall: { contacts: [topicContact('Permanence PHAROS')], unitHead: topicContact('Chef de la plateforme'), ackMinutes: 10 },
    }),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { onCall: unknown }).onCall).toMatchObject({ contacts: [{ name: 'Permanence PHAROS', channel: { kind: 'sns' } }] });
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

describe("a unit's page topic", () => {
  it('publishes the page of a P1 referral to the unit\'s own topic, once under redelivery, and names no content', async () => {
    const referrer = await local.tokenFor({ role: 'referrer', unit });
    const report = makeReport({ url: 'https://x.com/someone/status/1800000000000000999', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const dedupKey = `referral-desk/${referralId}/step-0`;

    const deadline = Date.now() + 15_000;
    while (!(await drainInbox()).some((d) => d.MessageAttributes?.['dedup_key']?.Value === dedupKey)) {
      if (Date.now() > deadline) throw new Error('no page reached the page topic');
    }
    const page = inboxDeliveries.find((d) => d.MessageAttributes?.['dedup_key']?.Value === dedupKey);
    expect(page?.TopicArn).toBe(`${local.stack.pageTopics.arnPrefix}${unit}`);
    expect(page?.TopicArn).toMatch(/:local-referral-desk-pages-fr-pharos$/);
    expect(page?.Subject).toContain(`referral ${referralId}`);
    expect(page?.Message).toContain(dedupKey);
    expect(page?.Message).not.toContain(report.url);

    // A redelivered escalation message publishes nothing more.
    const message = { type: 'referral.escalation', version: 1, referralId, platform: 'x', priority: 'P1', unit };
    await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.escalation.url, MessageBody: JSON.stringify(message) }));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await drainInbox();
    expect(inboxDeliveries.filter((d) => d.MessageAttributes?.['dedup_key']?.Value.startsWith(`referral-desk/${referralId}/`))).toHaveLength(1);
  }, 60_000);
});
