import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePage } from '../../functions/contract/lifecycle';
import { isPlatformId } from '../../functions/core/platforms/platforms';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
const referrals: { referralId: string; unit: string }[] = [];

const queue = async (name: string, token: string): Promise<QueuePage> => {
  const response = await fetch(`${local.apiUrl}/v1/queues/${name}?status=new&limit=200`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, `GET /v1/queues/${name}`).toBe(200);
  return (await response.json()) as QueuePage;
};

beforeAll(async () => {
  local = await startLocalStack();
  const reports: [unit: string, url: string][] = [
    ['eu-iru', 'https://t.me/s/hosts_check/1'],
    ['eu-iru', 'https://www.youtube.com/watch?v=hostscheck1'],
    ['eu-iru', 'https://forum.example-jihad.org/thread/17'],
    ['eu-iru', 'https://files.example-host.net/d/abc'],
    ['fr-pharos', 'https://blog.example-propaganda.fr/article/3'],
  ];
  for (const [unit, url] of reports) {
    const token = await local.tokenFor({ role: 'referrer', unit });
    const report = makeReport({ url, category: 'propaganda' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    referrals.push({ referralId: (await local.waitForSubmission(report.submissionId)).referralId, unit });
  }
});
afterAll(async () => {
  await local?.stop();
});

describe('the "other hosts" queue', () => {
  it('holds every referral outside the platform registry, per unit, for an officer of that unit', async () => {
    const euLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.hosts', platforms: ['other-hosts'] });
    const page = await queue('other-hosts', euLiaison);
    expect(page.items.map((item) => item.platform).sort()).toEqual(['example-host.net', 'example-jihad.org']);
    const frAdmin = await local.tokenFor({ role: 'admin', unit: 'fr-pharos' });
    expect((await queue('other-hosts', frAdmin)).items.map((item) => item.platform)).toEqual(['example-propaganda.fr']);
  });

  it('lets a liaison officer assigned to other hosts work one of them', async () => {
    const euLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.hosts', platforms: ['other-hosts'] });
    const [item] = (await queue('other-hosts', euLiaison)).items;
    const claim = await fetch(`${local.apiUrl}/v1/referrals/${item?.referralId}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${euLiaison}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expectedVersion: item?.version ?? 0 }),
    });
    expect(claim.status).toBe(200);
  });

  it('leaves no stored referral out of every officer\'s queue', async () => {
    const stored = await local.scanEntities('referral');
    expect(stored.length).toBe(referrals.length);
    for (const { referralId, unit } of referrals) {
      const referral = await local.getReferral(referralId);
      const admin = await local.tokenFor({ role: 'admin', unit });
      const name = isPlatformId(referral?.platform ?? '') ? (referral?.platform ?? '') : 'other-hosts';
      const page = await queue(name, admin);
      expect(page.items.map((item) => item.referralId), `${referral?.platform} referral ${referralId}`).toContain(referralId);
    }
  });
});
