import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPlatform } from '../../infra/local/sandbox-platform';
import { orderInput } from '../../functions/core/rule-of-law/removal-order.fixture';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
const tokens = {} as Record<'aReferrer' | 'aLiaison' | 'bReferrer' | 'bAnalyst', string>;

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const lookup = async (url: string, token: string) => (await (await call('GET', `/v1/lookup?url=${encodeURIComponent(url)}`, token)).json()) as { referred: boolean; holds: Record<string, unknown>[] };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

const channel = { kind: 'channel', url: 'https://t.me/held_channel' } as const;
const reason = 'Operation NIGHTJAR: undercover account in the channel';
const contact = 'PHAROS duty desk +33 1 00 00 00 00';
const postUrl = 'https://t.me/held_channel/77';
let referralId = '';

beforeAll(async () => {
  local = await startLocalStack();
  tokens.aReferrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'a.referrer' });
  tokens.aLiaison = await local.tokenFor({ role: ['liaison', 'referrer'], unit: 'eu-iru', sub: 'a.liaison', platforms: ['telegram'] });
  tokens.bReferrer = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'b.referrer' });
  tokens.bAnalyst = await local.tokenFor({ role: 'analyst', unit: 'fr-pharos', sub: 'b.analyst' });
  const report = makeReport({ url: postUrl, selectedText: 'Send funds to DE89 3704 0044 0532 0130 00' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.aReferrer, report)).status).toBe(202);
  referralId = (await local.waitForSubmission(report.submissionId)).referralId;
});

afterAll(async () => {
  await local?.stop();
});

describe('operational holds', () => {
  it('refuses an expiry past 90 days, and analysts may not place a hold', async () => {
    expect((await call('PUT', '/v1/holds', tokens.bReferrer, { target: channel, reason, contact, expiresAt: inDays(91) })).status).toBe(400);
    expect((await call('PUT', '/v1/holds', tokens.bAnalyst, { target: channel, reason, contact, expiresAt: inDays(30) })).status).toBe(403);
  });

  it("shows another unit a channel hold on the channel's post as 'contact unit X' only, in the same lookup as the referral", async () => {
    const placed = await call('PUT', '/v1/holds', tokens.bReferrer, { target: channel, reason, contact, expiresAt: inDays(30) });
    expect(placed.status).toBe(201);
    const seenByA = await lookup('https://t.me/s/held_channel/77?single', tokens.aReferrer);
    expect(seenByA).toMatchObject({ referred: true, holds: [{ kind: 'channel', unit: 'fr-pharos', contact, own: false }] });
    expect(JSON.stringify(seenByA)).not.toContain('NIGHTJAR');
    const seenByB = await lookup(postUrl, tokens.bAnalyst);
    expect(seenByB.holds).toEqual([expect.objectContaining({ own: true, reason })]);
    const list = (await (await call('GET', '/v1/holds', tokens.bAnalyst)).json()) as { holds: { reason: string }[] };
    expect(list.holds.map((hold) => hold.reason)).toEqual([reason]);
    expect(((await (await call('GET', '/v1/holds', tokens.aReferrer)).json()) as { holds: unknown[] }).holds).toEqual([]);
  });

  // Its speed is the deconfliction-lookup benchmark's figure, not asserted here.
  it('answers "already referred" and the holds in one lookup', async () => {
    const timed = { kind: 'channel', url: 'https://t.me/timed_channel' } as const;
    expect((await call('PUT', '/v1/holds', tokens.bReferrer, { target: timed, reason, contact, expiresAt: inDays(5) })).status).toBe(201);
    const report = makeReport({ url: 'https://t.me/timed_channel/1' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.aReferrer, report)).status).toBe(202);
    await local.waitForSubmission(report.submissionId);
    for (const index of [0, 1]) {
      // One request answers both: whether the post was referred, and whom to call about the channel.
      expect(await lookup(`https://t.me/s/timed_channel/${index === 0 ? 1 : 2}`, tokens.aReferrer)).toMatchObject({ referred: index === 0, holds: [{ kind: 'channel', unit: 'fr-pharos', own: false }] });
    }
    expect((await call('POST', '/v1/holds/release', tokens.bReferrer, { target: timed })).status).toBe(200);
  });

  it('answers 409 with the contact to a send and a removal order until the holding unit releases', async () => {
    const refused = await call('POST', `/v1/referrals/${referralId}/send`, tokens.aLiaison, { expectedVersion: 0 });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toContain(`hold: contact unit fr-pharos (${contact})`);
    expect(body.error.message).not.toContain('NIGHTJAR');
    expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, tokens.aLiaison, orderInput({ content: { url: postUrl } }))).status).toBe(409);
    // Another unit cannot release it: it holds nothing there.
    expect((await call('POST', '/v1/holds/release', tokens.aReferrer, { target: channel })).status).toBe(404);

    expect((await call('POST', '/v1/holds/release', tokens.bReferrer, { target: channel })).status).toBe(200);
    expect((await lookup(postUrl, tokens.aReferrer)).holds).toEqual([]);
    const sent = await call('POST', `/v1/referrals/${referralId}/send`, tokens.aLiaison, { expectedVersion: 0 });
    expect(sent.status).toBeLessThan(300);
  });

  it('records every step under the held target, and nothing of a hold reaches a platform', async () => {
    const events = await local.stores.operationalHolds.events('telegram:channel:held_channel');
    expect(events.map((event) => event.action).sort()).toEqual(['placed', 'refused', 'refused', 'released']);
    expect(events.filter((event) => event.action === 'refused').map((event) => event.refused).sort()).toEqual(['removal-order', 'send']);
    const sandbox = local.stack.sandbox as SandboxPlatform | undefined;
    const delivered = JSON.stringify(sandbox?.deliveries ?? []);
    expect(delivered).not.toContain('NIGHTJAR');
    expect(delivered).not.toContain(contact);
  });

  it('holds an indicator: a referral carrying the IBAN cannot be sent while it is held', async () => {
    const target = { kind: 'indicator', type: 'iban', value: 'DE89370400440532013000' };
    expect((await call('PUT', '/v1/holds', tokens.bReferrer, { target, reason, contact, expiresAt: inDays(10) })).status).toBe(201);
    const renewed = await call('PUT', '/v1/holds', tokens.bReferrer, { target, reason, contact, expiresAt: inDays(90) });
    expect(renewed.status).toBe(200);
    expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, tokens.aLiaison, orderInput({ content: { url: postUrl } }))).status).toBe(409);
    // The page's lookup and the referral's detail show the hold through the IBAN found in the post.
    expect((await lookup(postUrl, tokens.aReferrer)).holds).toEqual([expect.objectContaining({ kind: 'indicator', unit: 'fr-pharos', contact, own: false })]);
    const detail = (await (await call('GET', `/v1/referrals/${referralId}`, tokens.aLiaison)).json()) as { holds?: Record<string, unknown>[] };
    expect(detail.holds).toEqual([expect.not.objectContaining({ reason })]);
    expect((await call('POST', '/v1/holds/release', tokens.bReferrer, { target })).status).toBe(200);
    expect(((await (await call('GET', `/v1/referrals/${referralId}`, tokens.aLiaison)).json()) as { holds?: unknown[] }).holds).toBeUndefined();
  });

  it('holds one post by its URL, and a wallet: whoever acts on a referral carrying either meets the hold', async () => {
    const post = { kind: 'content', url: 'https://t.me/s/held_posts/5?single' } as const;
    const report = makeReport({ url: 'https://t.me/held_posts/5', selectedText: 'Send BTC to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.aReferrer, report)).status).toBe(202);
    const heldPost = (await local.waitForSubmission(report.submissionId)).referralId;
    expect((await call('PUT', '/v1/holds', tokens.bReferrer, { target: post, reason, contact, expiresAt: inDays(10) })).status).toBe(201);
    // Another post of the same channel is not held: a post hold is not a channel hold.
    expect((await lookup('https://t.me/held_posts/6', tokens.aReferrer)).holds).toEqual([]);
    expect((await lookup('https://t.me/held_posts/5', tokens.aReferrer)).holds).toEqual([expect.objectContaining({ kind: 'content', unit: 'fr-pharos', contact, own: false })]);
    expect((await call('POST', `/v1/referrals/${heldPost}/send`, tokens.aLiaison, { expectedVersion: 0 })).status).toBe(409);
    expect((await call('POST', '/v1/holds/release', tokens.bReferrer, { target: post })).status).toBe(200);

    const wallet = { kind: 'indicator', type: 'btc', value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' } as const;
    expect((await call('PUT', '/v1/holds', tokens.bReferrer, { target: wallet, reason, contact, expiresAt: inDays(10) })).status).toBe(201);
    const refused = await call('POST', `/v1/referrals/${heldPost}/send`, tokens.aLiaison, { expectedVersion: 0 });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(`hold: contact unit fr-pharos (${contact})`);
    expect((await call('POST', '/v1/holds/release', tokens.bReferrer, { target: wallet })).status).toBe(200);
    expect((await call('POST', `/v1/referrals/${heldPost}/send`, tokens.aLiaison, { expectedVersion: 0 })).status).toBeLessThan(300);
  });
});

