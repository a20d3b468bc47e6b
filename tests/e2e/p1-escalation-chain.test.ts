import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationEvent } from '../../functions/contract/escalation';
import { listDeadLetters } from '../../infra/local/dlq-cli';
import { sandboxPagerSecretFor, type SandboxPage, type SandboxPager } from '../../infra/local/sandbox-pager';
import { buildExtension, configureExtension, launchExtensionBrowser, type ExtensionBrowser } from '../helpers/extension-browser';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

/**
 * A threat to life reaches a person, in one chain through the real parts: the API accepts a P1
 * report, the process and escalation stages page the first contact at the sandbox pager (which
 * verifies the HMAC signature), nobody acknowledges, the scheduler at an injected clock past the
 * acknowledgement time pages the next contact, the dashboard in a real Chromium shows the urgent
 * banner and its button acknowledges; SQS redelivering any message pages nobody twice.
 */

const unit = 'eu-iru';
const minutes = (n: number) => n * 60_000;

let local: LocalStackHandle;
let pager: SandboxPager;
let browser: ExtensionBrowser;
let profileDir = '';

/** The pages the sandbox pager accepted for the referral: verified signature, Events API v2 trigger. */
const acceptedTriggers = (referralId: string): SandboxPage[] =>
  pager.pages.filter((page) => page.status === 202 && page.event?.event_action === 'trigger' && page.event.dedup_key.startsWith(`referral-desk/${referralId}/`));

/** Waits until the escalation queue holds nothing, visible or in flight: "nobody was paged again" is checked after the stage handled every copy. */
const settle = () =>
  waitFor('the escalation queue drained', async () => {
    const { Attributes } = await local.stack.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: local.stack.queues.escalation.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes?.['ApproximateNumberOfMessages'] ?? 1) + Number(Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 1) === 0 ? true : undefined;
  });

const redeliver = async (message: Record<string, unknown>) => {
  await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.escalation.url, MessageBody: JSON.stringify(message) }));
};

const escalationEvents = async (referralId: string, token: string): Promise<EscalationEvent[]> => {
  const response = await fetch(`${local.apiUrl}/v1/referrals/${referralId}/audit`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { escalation: EscalationEvent[] }).escalation;
};

beforeAll(async () => {
  await buildExtension({ WXT_API_URL: '', REFERRAL_DESK_E2E: '1' });
  local = await startLocalStack();
  // The test is the clock: the scheduler runs only when the test says, at the time it says.
  local.stack.stopScheduler();
  pager = local.stack.sandboxPager as SandboxPager;
  const contact = (routingKey: string) => ({
    name: routingKey,
    channel: { kind: 'webhook', url: pager.webhookUrlFor(routingKey), routingKey, signingSecret: sandboxPagerSecretFor(local.stack.devAuthSecret, routingKey) },
  });
  const admin = await local.tokenFor({ role: 'admin', unit });
  const settings = await fetch(`${local.apiUrl}/v1/units/${unit}/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      expectedVersion: 0,
      fourEyes: false,
      contact: { name: 'EU IRU duty desk', email: 'duty@iru.example.eu' },
      displayName: 'EU IRU',
      onCall: { contacts: [contact('duty-1'), contact('duty-2')], unitHead: contact('head'), ackMinutes: 10 },
    }),
  });
  expect(settings.status).toBe(200);
  profileDir = await mkdtemp(join(tmpdir(), 'referral-desk-p1-chain-'));
  browser = await launchExtensionBrowser(profileDir);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('a P1 report, end to end', () => {
  it('is paged signed, re-paged to the next contact when nobody acknowledges, acknowledged from the banner, and paged once per step whatever is redelivered', async () => {
    // 1. The officer's P1 report is accepted and becomes a P1 referral.
    const referrer = await local.tokenFor({ role: 'referrer', unit, sub: 'officer-chain' });
    const report = makeReport({ url: 'https://x.com/someone/status/1800000000000001234', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    expect((await local.getReferral(referralId))?.priority).toBe('P1');
    const auditor = await local.tokenFor({ role: 'liaison', unit, platforms: ['x'] });

    // 2. The sandbox pager receives the first contact's page, with a signature it verified.
    const first = await waitFor('the first page', () => pager.incidents().get(`referral-desk/${referralId}/step-0`));
    expect(first).toMatchObject({ routingKey: 'duty-1', signatureValid: true, status: 202 });
    expect(first.event).toMatchObject({ routing_key: 'duty-1', event_action: 'trigger', payload: { severity: 'critical', source: `referral-desk/${unit}` } });
    await waitFor('the page on the audit trail', async () => ((await escalationEvents(referralId, auditor)).length > 0 ? true : undefined));

    // Redelivered: the report (the extension's outbox sends it again; the API knows it) and the escalation message (SQS delivers at least once).
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(200);
    const message = { type: 'referral.escalation', version: 1, referralId, platform: 'x', priority: 'P1', unit };
    await redeliver(message);
    await redeliver(message);
    await settle();
    expect(acceptedTriggers(referralId)).toHaveLength(1);

    // 3. The dashboard shows the banner for the first page.
    await configureExtension(browser, { apiUrl: local.apiUrl, devToken: referrer });
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    const item = page.locator(`#urgent-banner li[data-referral-id="${referralId}"]`);
    await item.waitFor({ timeout: 20_000 });
    expect(await item.getAttribute('data-step')).toBe('0');

    // 4. Nobody acknowledges: before the 10 minutes run out nobody else is paged; after them, the next contact is.
    const now = Date.now();
    expect((await local.stack.runScheduler(new Date(now + minutes(9)))).escalations).toEqual({ unacknowledged: 0, repaged: 0, exhausted: 0 });
    expect((await local.stack.runScheduler(new Date(now + minutes(11)))).escalations).toEqual({ unacknowledged: 1, repaged: 1, exhausted: 0 });
    const second = await waitFor('the second page', () => pager.incidents().get(`referral-desk/${referralId}/step-1`));
    expect(second).toMatchObject({ routingKey: 'duty-2', signatureValid: true, status: 202 });
    // The step's message redelivered (the scheduler's enqueue repeated after a crash before it dropped the clock) pages nobody again.
    await redeliver({ ...message, step: 1 });
    await redeliver(message);
    await settle();
    expect(acceptedTriggers(referralId).map((p) => p.event?.dedup_key)).toEqual([`referral-desk/${referralId}/step-0`, `referral-desk/${referralId}/step-1`]);

    // 5. The open banner follows to the second page without a reload, and its button acknowledges.
    await page.waitForSelector(`#urgent-banner li[data-referral-id="${referralId}"][data-step="1"]`, { timeout: 30_000 });
    await item.locator('[data-action="acknowledge-page"]').click();
    await page.waitForSelector('#urgent-banner', { state: 'detached', timeout: 10_000 });
    expect(await page.getAttribute('body', 'data-urgent-pages')).toBe('0');
    await page.close();

    // 6. Acknowledged: long after every time ran out nobody is paged (not the unit head), whatever is redelivered.
    expect((await local.stack.runScheduler(new Date(now + minutes(60)))).escalations).toEqual({ unacknowledged: 0, repaged: 0, exhausted: 0 });
    await redeliver({ ...message, step: 1 });
    await redeliver({ ...message, step: 2 });
    await settle();
    expect(acceptedTriggers(referralId)).toHaveLength(2);
    expect([...pager.incidents().keys()].filter((key) => key.includes(referralId)).sort()).toEqual([`referral-desk/${referralId}/step-0`, `referral-desk/${referralId}/step-1`]);
    // Every copy was handled, none parked as unprocessable.
    const { escalation } = local.stack.queues;
    expect(await listDeadLetters(local.stack.sqs, { name: 'escalation', deadLetterUrl: escalation.deadLetterUrl, sourceUrl: escalation.url }, { max: 10 })).toEqual([]);
    expect((await escalationEvents(referralId, auditor)).map((e) => [e.kind, e.step, e.by])).toEqual([
      ['paged', 0, 'duty-1'],
      ['paged', 1, 'duty-2'],
      ['acknowledged', 1, 'officer-chain'],
    ]);
  }, 180_000);
});
