import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationEvent } from '../../functions/contract/escalation';
import { sandboxPagerSecretFor, type SandboxPager } from '../../infra/local/sandbox-pager';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

const unit = 'eu-iru';
const minutes = (n: number) => n * 60_000;

let local: LocalStackHandle;
let pager: SandboxPager;


/** Triggers the pager accepted, by dedup key (what a PagerDuty service shows as incidents). */
const incidentKeys = () => [...pager.incidents().keys()].sort();
/** Every trigger the pager accepted, repeats included: a second page would show here. */
const acceptedTriggers = () => pager.pages.filter((p) => p.status === 202 && p.event?.event_action === 'trigger').length;

const contact = (routingKey: string) => ({
  name: routingKey,
  channel: { kind: 'webhook', url: pager.webhookUrlFor(routingKey), routingKey, signingSecret: sandboxPagerSecretFor(local.stack.devAuthSecret, routingKey) },
});

/** The referral's escalation events once the stage wrote the page's `count`th event (it writes the event after the clock). */
const escalationEvents = async (referralId: string, token: string, count: number): Promise<EscalationEvent[]> =>
  waitFor(`${count} escalation events`, async () => {
    const response = await fetch(`${local.apiUrl}/v1/referrals/${referralId}/audit`, { headers: { authorization: `Bearer ${token}` } });
    const { escalation } = (await response.json()) as { escalation: EscalationEvent[] };
    return escalation.length >= count ? escalation : undefined;
  });

/** Lets the escalation poller take whatever is on the queue, so "nothing more was paged" is checked after it had the chance. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500));

beforeAll(async () => {
  local = await startLocalStack();
  // The test drives the scheduler with its own clock.
  local.stack.stopScheduler();
  const sandboxPager = local.stack.sandboxPager;
  if (!sandboxPager) throw new Error('the local stack runs a sandbox pager by default');
  pager = sandboxPager;
  const admin = await local.tokenFor({ role: 'admin', unit });
  const response = await fetch(`${local.apiUrl}/v1/units/${unit}/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      expectedVersion: 0,
      fourEyes: false,
      contact: { name: 'EU IRU duty desk', email: 'duty@iru.example.eu' },
      displayName: 'EU Internet Referral Unit',
      onCall: { contacts: [contact('duty-1'), contact('duty-2')], unitHead: contact('head'), ackMinutes: 10 },
    }),
  });
  expect(response.status).toBe(200);
  const saved = (await response.json()) as { onCall: unknown };
  // Signing secrets are write-only.
  expect(JSON.stringify(saved.onCall)).not.toContain('signingSecret');
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

describe('a P1 referral reaches a person', () => {
  it('pages the first contact, re-pages the next when nobody acknowledges, stops at the acknowledgement, and never pages twice', async () => {
    const referrer = await local.tokenFor({ role: 'referrer', unit });
    const report = makeReport({ url: 'https://x.com/someone/status/1800000000000000777', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const acceptedAt = Date.now();
    const { referralId } = await local.waitForSubmission(report.submissionId);
    expect((await local.getReferral(referralId))?.priority).toBe('P1');

    // The first contact is paged, signed, in the Events API v2 shape.
    const first = await waitFor('the first page', () => pager.incidents().get(`referral-desk/${referralId}/step-0`));
    expect(first.routingKey).toBe('duty-1');
    expect(first.signatureValid).toBe(true);
    expect(first.event).toMatchObject({ routing_key: 'duty-1', event_action: 'trigger', payload: { severity: 'critical', source: `referral-desk/${unit}` } });
    expect(Date.now() - acceptedAt).toBeLessThan(10_000);
    const liaison = await local.tokenFor({ role: 'liaison', unit, platforms: ['x'] });
    await escalationEvents(referralId, liaison, 1);

    // A redelivered message (and the process stage's resend after a crash) pages nobody again.
    const message = { type: 'referral.escalation', version: 1, referralId, platform: 'x', priority: 'P1', unit };
    await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.escalation.url, MessageBody: JSON.stringify(message) }));
    await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.escalation.url, MessageBody: JSON.stringify(message) }));
    await settle();
    expect(acceptedTriggers()).toBe(1);

    // Before the acknowledgement time runs out nothing happens; after it, the next contact is paged.
    const now = Date.now();
    expect((await local.stack.runScheduler(new Date(now + minutes(9)))).escalations).toEqual({ unacknowledged: 0, repaged: 0, exhausted: 0 });
    expect((await local.stack.runScheduler(new Date(now + minutes(11)))).escalations).toEqual({ unacknowledged: 1, repaged: 1, exhausted: 0 });
    const second = await waitFor('the second page', () => pager.incidents().get(`referral-desk/${referralId}/step-1`));
    await escalationEvents(referralId, liaison, 2);
    expect(second.routingKey).toBe('duty-2');
    expect(second.signatureValid).toBe(true);
    // The scheduler enqueuing step 1 again (a crash before it dropped the clock) pages nobody again.
    await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.escalation.url, MessageBody: JSON.stringify({ ...message, step: 1 }) }));
    await settle();
    expect(acceptedTriggers()).toBe(2);

    // duty-2 acknowledges from the pager (a signed acknowledge event); the dashboard's button then finds it acknowledged.
    expect(await pager.acknowledge(unit, `referral-desk/${referralId}/step-1`)).toBe(200);
    const ack = await postJson(`${local.apiUrl}/v1/referrals/${referralId}/escalation/ack`, liaison, {});
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ referralId, step: 1, acknowledgedBy: 'pager:duty-2', applied: false });

    // Long after every time ran out, nobody else is paged: not the unit head, not a step again.
    expect((await local.stack.runScheduler(new Date(now + minutes(60)))).escalations).toEqual({ unacknowledged: 0, repaged: 0, exhausted: 0 });
    await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.escalation.url, MessageBody: JSON.stringify({ ...message, step: 2 }) }));
    await settle();
    expect(incidentKeys()).toEqual([`referral-desk/${referralId}/step-0`, `referral-desk/${referralId}/step-1`]);
    expect(acceptedTriggers()).toBe(2);

    // Every page and the acknowledgement are on the referral's audit trail.
    const audit = await fetch(`${local.apiUrl}/v1/referrals/${referralId}/audit`, { headers: { authorization: `Bearer ${liaison}` } });
    const { escalation } = (await audit.json()) as { escalation: EscalationEvent[] };
    expect(escalation.map((e) => [e.kind, e.step, e.by])).toEqual([
      ['paged', 0, 'duty-1'],
      ['paged', 1, 'duty-2'],
      ['acknowledged', 1, 'pager:duty-2'],
    ]);
  }, 90_000);

  it('acknowledges from the dashboard, refuses another unit, and keeps an unanswered unit head on the alarm', async () => {
    const referrer = await local.tokenFor({ role: 'referrer', unit });
    const report = makeReport({ url: 'https://x.com/someone/status/1800000000000000888', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    await waitFor('the first page', () => pager.incidents().get(`referral-desk/${referralId}/step-0`));
    const reader = await local.tokenFor({ role: 'liaison', unit, platforms: ['x'] });
    await escalationEvents(referralId, reader, 1);

    // Nobody answers anyone: duty-1, duty-2, then the unit head; after that the page stays open for the alarm.
    const now = Date.now();
    for (const [offset, step] of [[11, 1], [22, 2]] as const) {
      expect((await local.stack.runScheduler(new Date(now + minutes(offset)))).escalations.repaged).toBe(1);
      await waitFor(`step ${step}`, () => pager.incidents().get(`referral-desk/${referralId}/step-${step}`));
      await escalationEvents(referralId, reader, step + 1);
    }
    expect(pager.incidents().get(`referral-desk/${referralId}/step-2`)?.routingKey).toBe('head');
    expect((await local.stack.runScheduler(new Date(now + minutes(33)))).escalations).toEqual({ unacknowledged: 1, repaged: 0, exhausted: 1 });
    expect((await local.stack.runScheduler(new Date(now + minutes(34)))).escalations).toEqual({ unacknowledged: 1, repaged: 0, exhausted: 0 });

    const other = await local.tokenFor({ role: 'admin', unit: 'fr-pharos' });
    expect((await postJson(`${local.apiUrl}/v1/referrals/${referralId}/escalation/ack`, other, {})).status).toBe(403);
    const officer = await local.tokenFor({ role: 'referrer', unit });
    const ack = await postJson(`${local.apiUrl}/v1/referrals/${referralId}/escalation/ack`, officer, {});
    expect(await ack.json()).toMatchObject({ referralId, step: 2, applied: true });
    expect((await local.stack.runScheduler(new Date(now + minutes(35)))).escalations.unacknowledged).toBe(0);
    await settle();
    expect(pager.pages.filter((p) => p.event?.dedup_key.startsWith(`referral-desk/${referralId}/`) && p.status === 202)).toHaveLength(3);
  }, 90_000);
});
