import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unacknowledgedPages, type UnacknowledgedPages } from '../../functions/contract/escalation';
import { sandboxPagerSecretFor, type SandboxPager } from '../../infra/local/sandbox-pager';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { waitFor } from '../helpers/wait-for';

/**
 * What the dashboard's urgent banner reads: the P1 pages of the caller's unit nobody acknowledged,
 * with the clock's times and the platform's emergency line; only what the caller may acknowledge,
 * and gone once anyone acknowledged.
 */

const unit = 'eu-iru';
const minutes = (n: number) => n * 60_000;
let local: LocalStackHandle;
let pager: SandboxPager;

const unacknowledged = async (token: string): Promise<UnacknowledgedPages> => {
  const response = await fetch(`${local.apiUrl}/v1/escalations/unacknowledged`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const body: unknown = await response.json();
  // The answer is exactly what the contract describes: nothing more (no rota contact) slips in.
  expect(unacknowledgedPages.parse(body)).toEqual(body);
  return body as UnacknowledgedPages;
};

beforeAll(async () => {
  local = await startLocalStack();
  local.stack.stopScheduler();
  pager = local.stack.sandboxPager as SandboxPager;
  const contact = (routingKey: string) => ({ name: routingKey, channel: { kind: 'webhook', url: pager.webhookUrlFor(routingKey), routingKey, signingSecret: sandboxPagerSecretFor(local.stack.devAuthSecret, routingKey) } });
  const admin = await local.tokenFor({ role: 'admin', unit });
  const settings = await fetch(`${local.apiUrl}/v1/units/${unit}/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ expectedVersion: 0, fourEyes: false, contact: { name: 'EU IRU duty desk', email: 'duty@iru.example.eu' }, displayName: 'EU IRU', onCall: { contacts: [contact('duty-1')], unitHead: contact('head'), ackMinutes: 10 } }),
  });
  expect(settings.status).toBe(200);
  const platforms = await local.tokenFor({ role: 'deployment-admin', unit, sub: 'platforms.pia' });
  const line = await fetch(`${local.apiUrl}/v1/platforms/x/emergency-contact`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${platforms}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Law Enforcement Emergency Requests', phone: '+1 650 555 0100' }),
  });
  expect(line.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await local?.stop();
});

describe('the urgent banner route', () => {
  it("lists the unit's unacknowledged P1 with its clock, to those who may acknowledge it, until someone does", async () => {
    const referrer = await local.tokenFor({ role: 'referrer', unit, sub: 'officer.ana' });
    expect((await unacknowledged(referrer)).pages).toEqual([]);
    const report = makeReport({ url: 'https://x.com/someone/status/1800000000000000955', category: 'attack_planning', urgent: true });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    await waitFor('the first page', () => pager.incidents().get(`referral-desk/${referralId}/step-0`));
    const [shown] = (await waitFor('the page in the banner', async () => {
      const { pages } = await unacknowledged(referrer);
      return pages.length > 0 ? pages : undefined;
    })) as UnacknowledgedPages['pages'];
    expect(shown).toMatchObject({ referralId, platform: 'x', priority: 'P1', step: 0, lastStep: false, emergencyContact: { name: 'Law Enforcement Emergency Requests', phone: '+1 650 555 0100' } });
    expect(Date.parse(shown?.ackDueAt ?? '') - Date.parse(shown?.firstPagedAt ?? '')).toBe(minutes(10));

    // Another unit, a liaison officer of other platforms, and an analyst do not see it; a liaison of x does, whatever else they are.
    expect((await unacknowledged(await local.tokenFor({ role: 'admin', unit: 'fr-pharos' }))).pages).toEqual([]);
    expect((await unacknowledged(await local.tokenFor({ role: 'liaison', unit, platforms: ['youtube'] }))).pages).toEqual([]);
    expect((await unacknowledged(await local.tokenFor({ role: ['analyst', 'liaison'], unit, platforms: ['x'] }))).pages.map((p) => p.referralId)).toEqual([referralId]);
    const analyst = await fetch(`${local.apiUrl}/v1/escalations/unacknowledged`, { headers: { authorization: `Bearer ${await local.tokenFor({ role: 'analyst', unit })}` } });
    expect(analyst.status).toBe(403);

    // Nobody answers: the unit's head is paged, and the banner shows the later step with the first page's time.
    expect((await local.stack.runScheduler(new Date(Date.now() + minutes(11)))).escalations.repaged).toBe(1);
    await waitFor('the unit head page', () => pager.incidents().get(`referral-desk/${referralId}/step-1`));
    const escalated = await waitFor('the banner at step 1', async () => (await unacknowledged(referrer)).pages.find((p) => p.step === 1));
    expect(escalated).toMatchObject({ referralId, lastStep: true, firstPagedAt: shown?.firstPagedAt });
    expect((await unacknowledged(referrer)).pages).toHaveLength(1);

    // The banner's button: the acknowledgement route; then the banner is empty.
    const ack = await postJson(`${local.apiUrl}/v1/referrals/${referralId}/escalation/ack`, referrer, {});
    expect(await ack.json()).toMatchObject({ referralId, step: 1, acknowledgedBy: 'officer.ana', applied: true });
    expect((await unacknowledged(referrer)).pages).toEqual([]);
  }, 90_000);
});
