import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookTransport } from '../../functions/adapters/webhook-transport';
import { keys } from '../../functions/adapters/table/keys';
import { deliveryMessageV1, type DeliveryAttemptView, type PlatformChannelView } from '../../functions/contract/lifecycle';
import { deliverReferral } from '../../functions/delivery/deliver-referral';
import { urgentDeliveryId } from '../../functions/core/lifecycle/urgent-delivery';
import type { SandboxPlatform } from '../../infra/local/sandbox-platform';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

/**
 * A threat to life reaches the platform at once: a P1 referral to a platform with a webhook channel
 * is delivered, flagged urgent, without a liaison officer claiming it; once, however often the
 * message arrives. The platform's law-enforcement emergency line is set deployment-wide and shown
 * with the platform.
 */

let local: LocalStackHandle;
let sandbox: SandboxPlatform;
const unit = 'eu-iru';
const tokens = { referrer: '', liaison: '', deploymentAdmin: '', unitAdmin: '', both: '' };

const get = (path: string, token: string) => fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
const put = (path: string, token: string, body: unknown) =>
  fetch(`${local.apiUrl}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const platformView = async (platform: string): Promise<PlatformChannelView | undefined> => {
  const { platforms } = (await (await get('/v1/platforms', tokens.liaison)).json()) as { platforms: PlatformChannelView[] };
  return platforms.find((p) => p.platform === platform);
};
const postsOf = (referralId: string) => sandbox.deliveries.filter((d) => d.referral?.referralId === referralId && d.status === 202);
/** Lets the delivery poller take whatever is on the queue, so "nothing more was posted" is checked after it had the chance. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500));

const fileP1 = async (url: string): Promise<string> => {
  const report = makeReport({ url, category: 'attack_planning', urgent: true });
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
  const { referralId } = await local.waitForSubmission(report.submissionId);
  expect((await local.getReferral(referralId))?.priority).toBe('P1');
  return referralId;
};

const urgentMessage = (referralId: string) => ({
  type: 'referral.delivery',
  version: 1,
  referralId,
  platform: 'x',
  deliveryId: urgentDeliveryId(referralId),
  requestedAt: new Date().toISOString(),
  urgent: true,
});
const enqueue = (body: unknown) => local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.delivery.url, MessageBody: JSON.stringify(body) }));

beforeAll(async () => {
  local = await startLocalStack();
  sandbox = local.stack.sandbox as SandboxPlatform;
  // The sandbox's acknowledged/removed callbacks are not what this test watches.
  sandbox.behaviour.outcome = 'none';
  sandbox.behaviour.callbackDelayMs = 60_000;
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit, sub: 'officer.ana' });
  tokens.liaison = await local.tokenFor({ role: 'liaison', unit, sub: 'liaison.xavier', platforms: ['x', 'telegram'] });
  tokens.deploymentAdmin = await local.tokenFor({ role: 'deployment-admin', unit, sub: 'platforms.pia' });
  tokens.unitAdmin = await local.tokenFor({ role: 'admin', unit, sub: 'admin.kai' });
  tokens.both = await local.tokenFor({ role: ['analyst', 'deployment-admin'], unit: 'fr-pharos', sub: 'platforms.marc' });
}, 60_000);
afterAll(async () => {
  await local?.stop();
});

describe("a platform's emergency line", () => {
  const line = { name: 'Law Enforcement Emergency Requests', phone: '+1 650 555 0100', email: 'emergency-requests@x.example', url: 'https://legalrequests.x.example/emergency' };

  it('is set by the deployment-wide role, audited, and shown with the platform, webhook or manual', async () => {
    expect((await put('/v1/platforms/x/emergency-contact', tokens.unitAdmin, line)).status).toBe(403);
    expect((await platformView('x'))?.emergencyContact).toBeUndefined();
    const saved = await put('/v1/platforms/x/emergency-contact', tokens.deploymentAdmin, line);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ platform: 'x', channel: 'webhook', emergencyContact: line });
    expect((await platformView('x'))?.emergencyContact).toEqual(line);
    // A principal whose only granting role is deployment-admin, among others.
    expect((await put('/v1/platforms/telegram/emergency-contact', tokens.both, { name: 'Telegram abuse desk', email: 'abuse@telegram.example' })).status).toBe(200);
    expect((await platformView('telegram'))?.emergencyContact).toEqual({ name: 'Telegram abuse desk', email: 'abuse@telegram.example' });
    const changes = await local.stores.channels.listChannelChanges('x');
    expect(changes.filter((c) => c['action'] === 'emergency_contact_set')).toEqual([expect.objectContaining({ by: 'platforms.pia', emergencyContact: line })]);
  });

  it.each([
    ['no way to reach it', { name: 'Emergency line' }, 'phone'],
    ['a phone number with letters', { name: 'Emergency line', phone: 'call us' }, 'phone'],
    ['a plain-HTTP address', { name: 'Emergency line', url: 'http://legalrequests.x.example/' }, 'url'],
    ['an address that is not e-mail', { name: 'Emergency line', email: 'not-an-address' }, 'email'],
    ['an unknown field', { name: 'Emergency line', phone: '+1 650 555 0100', password: 'x' }, ''],
    ['an empty name', { name: '', phone: '+1 650 555 0100' }, 'name'],
  ])('refuses %s with a 400 naming the field, and keeps the line as it was', async (_case, body, field) => {
    const before = await platformView('x');
    const answer = await put('/v1/platforms/x/emergency-contact', tokens.deploymentAdmin, body);
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { code: string; issues?: { path: string }[] } };
    expect(error.code).toBe('invalid_body');
    if (field !== '') expect(error.issues?.map((issue) => issue.path)).toContain(field);
    expect(await platformView('x')).toEqual(before);
  });

  it('is not set for a platform outside the registry', async () => {
    expect((await put('/v1/platforms/no-such-platform/emergency-contact', tokens.deploymentAdmin, line)).status).toBe(404);
  });
});

describe('a P1 referral to a webhook platform', () => {
  it('is delivered at once, flagged urgent, without a claim, and the deliveries show it', async () => {
    const referralId = await fileP1('https://x.com/someone/status/1800000000000000901');
    const [post] = await waitFor('the urgent delivery', () => (postsOf(referralId).length > 0 ? postsOf(referralId) : undefined), 20_000);
    expect(post?.signatureValid).toBe(true);
    expect(post?.referral).toMatchObject({ referralId, priority: 'P1', urgent: true, deliveryId: urgentDeliveryId(referralId) });
    for (const secret of ['officer.ana', unit]) expect(post?.body).not.toContain(secret);

    const sent = await waitFor('the referral sent', async () => ((await local.getReferral(referralId))?.status === 'sent' ? true : undefined));
    expect(sent).toBe(true);
    const { attempts } = (await (await get(`/v1/referrals/${referralId}/deliveries`, tokens.liaison)).json()) as { attempts: DeliveryAttemptView[] };
    expect(attempts).toEqual([expect.objectContaining({ deliveryId: urgentDeliveryId(referralId), result: 'delivered', httpStatus: 202, urgent: true })]);
    const { events } = (await (await get(`/v1/referrals/${referralId}/audit`, tokens.liaison)).json()) as { events: { version: number; action: string; from: string; to: string; actor: { kind: string; id: string } }[] };
    expect(events.map((e) => [e.version, e.action, e.from, e.to, e.actor.kind, e.actor.id])).toEqual([
      [1, 'urgent_delivery_requested', 'new', 'new', 'system', 'urgent-delivery'],
      [2, 'transition', 'new', 'sent', 'system', 'delivery'],
    ]);

    // The process stage resending after a crash, and SQS delivering twice, post nothing more.
    await enqueue(urgentMessage(referralId));
    await enqueue(urgentMessage(referralId));
    await settle();
    expect(postsOf(referralId)).toHaveLength(1);
    const { attempts: after } = (await (await get(`/v1/referrals/${referralId}/deliveries`, tokens.liaison)).json()) as { attempts: DeliveryAttemptView[] };
    expect(after).toHaveLength(1);
    // An officer's send now finds it sent.
    expect((await postJson(`${local.apiUrl}/v1/referrals/${referralId}/send`, tokens.liaison, { expectedVersion: 2 })).status).toBe(409);
  }, 60_000);

  it('is posted once when copies of its message are handled at the same time, and a failed copy retries to nothing', async () => {
    // Without a channel the pipeline's own message posts nothing, so the copies below are the only ones.
    const channel = await local.stores.channels.get('x');
    if (!channel) throw new Error('the local stack configures x with its sandbox');
    await local.documentClient.send(new DeleteCommand({ TableName: local.stack.config.TABLE_NAME, Key: keys.platformChannel('x') }));
    const referralId = await fileP1('https://x.com/someone/status/1800000000000000902');
    await settle();
    expect(await local.getReferral(referralId)).toMatchObject({ status: 'new', version: 0 });
    const { pk: _pk, sk: _sk, entity: _entity, ...configured } = channel;
    await local.stores.channels.put(configured);

    const deps = { stores: local.stores, post: createWebhookTransport({ sandboxOrigin: sandbox.url }), now: () => new Date(), timeoutMs: 3_000 };
    const message = deliveryMessageV1.parse(urgentMessage(referralId));
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverReferral(message, 1, deps)));
    expect(outcomes.filter((o) => o.result === 'delivered')).toHaveLength(1);
    expect(postsOf(referralId)).toHaveLength(1);
    // The copies that found it busy are retried by SQS: they find it sent.
    for (const outcome of outcomes.filter((o) => o.result === 'failed')) {
      expect(outcome).toMatchObject({ error: expect.stringContaining('another consumer') });
      expect(await deliverReferral(message, 2, deps)).toMatchObject({ result: 'skipped' });
    }
    expect(postsOf(referralId)).toHaveLength(1);
    expect(await local.getReferral(referralId)).toMatchObject({ status: 'sent', version: 2 });
    const audit = await local.stores.lifecycle.listAudit(referralId);
    expect(audit.map((e) => e.action)).toEqual(['urgent_delivery_requested', 'transition']);
  }, 60_000);

  it('refuses a message that claims urgency under another delivery id, posting nothing', async () => {
    const referralId = await fileP1('https://x.com/someone/status/1800000000000000903');
    await waitFor('the urgent delivery', () => (postsOf(referralId).length > 0 ? true : undefined), 20_000);
    await enqueue({ ...urgentMessage(referralId), deliveryId: '6f1c1d7e-8a53-4c38-9d1e-3b0f1e2a4c55' });
    await settle();
    expect(postsOf(referralId)).toHaveLength(1);
  }, 60_000);

  it('goes out when a later report makes a referral P1 that earlier reports routed elsewhere', async () => {
    const url = 'https://x.com/someone/status/1800000000000000906';
    const first = makeReport({ url, category: 'fundraising', selectedText: 'Donate to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 for the brothers' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, first)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(first.submissionId);
    expect(await local.getReferral(referralId)).toMatchObject({ priority: 'P3', routedTo: ['financial'] });
    expect(await fileP1(url)).toBe(referralId);
    await waitFor('the urgent delivery', () => (postsOf(referralId).length > 0 ? true : undefined), 20_000);
    expect((await local.getReferral(referralId))?.routedTo).toEqual(['escalation', 'financial', 'urgent-delivery']);
  }, 60_000);

  it("waits for a liaison officer when an investigation holds the content, or a unit requires four eyes", async () => {
    const heldUrl = 'https://x.com/someone/status/1800000000000000904';
    const pharos = await local.tokenFor({ role: ['referrer', 'admin'], unit: 'fr-pharos', sub: 'officer.luc' });
    expect(
      (await put('/v1/holds', pharos, { target: { kind: 'content', url: heldUrl }, reason: 'Operation NIGHTJAR', contact: 'PHAROS duty desk', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).status,
    ).toBe(201);
    const held = await fileP1(heldUrl);
    expect(
      (await put('/v1/units/fr-pharos/settings', pharos, { expectedVersion: 0, fourEyes: true, contact: { name: 'PHAROS duty desk', email: 'duty@pharos.example.fr' }, displayName: 'PHAROS' })).status,
    ).toBe(200);
    const report = makeReport({ url: 'https://x.com/someone/status/1800000000000000905', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, pharos, report)).status).toBe(202);
    const { referralId: fourEyes } = await local.waitForSubmission(report.submissionId);
    await settle();
    for (const referralId of [held, fourEyes]) {
      expect(await local.getReferral(referralId)).toMatchObject({ priority: 'P1', status: 'new', version: 0 });
      expect(sandbox.deliveries.some((d) => d.referral?.referralId === referralId)).toBe(false);
    }
  }, 60_000);

  it('stays in the queue of a platform filed by hand', async () => {
    const report = makeReport({ url: 'https://t.me/s/urgentchannel/7', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    await settle();
    expect(await local.getReferral(referralId)).toMatchObject({ priority: 'P1', status: 'new', version: 0 });
    expect(sandbox.deliveries.some((d) => d.referral?.referralId === referralId)).toBe(false);
  }, 30_000);
});
