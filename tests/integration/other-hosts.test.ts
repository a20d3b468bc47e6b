import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePage } from '../../functions/contract/lifecycle';
import { isPlatformId } from '../../functions/core/platforms/platforms';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { referralsOutsideEveryQueue } from '../helpers/queue-reachability';

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

  it("shows each host's abuse contact under it, once recorded by an officer working other hosts", async () => {
    const euLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.hosts', platforms: ['other-hosts'] });
    const before = await queue('other-hosts', euLiaison);
    expect(before.hostContacts).toEqual([]);
    const put = await fetch(`${local.apiUrl}/v1/hosts/example-jihad.org/abuse-contact`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${euLiaison}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'abuse@example-jihad.org', formUrl: 'https://example-jihad.org/report', source: 'rdap' }),
    });
    expect(put.status).toBe(200);
    const page = await queue('other-hosts', euLiaison);
    expect(page.hostContacts).toEqual([
      { host: 'example-jihad.org', email: 'abuse@example-jihad.org', formUrl: 'https://example-jihad.org/report', source: 'rdap', updatedAt: expect.any(String), updatedByUnit: 'eu-iru' },
    ]);
    // Every unit working other hosts sees the same desk; the officer who recorded it is not named.
    const frAdmin = await local.tokenFor({ role: 'admin', unit: 'fr-pharos' });
    const frPage = await queue('other-hosts', frAdmin);
    expect(frPage.hostContacts).toEqual([]);
    expect(JSON.stringify(page)).not.toContain('liaison.hosts');
    // Who recorded it is in the host's change record.
    const changes = await local.stores.channels.listChannelChanges('example-jihad.org');
    expect(changes).toMatchObject([{ action: 'abuse_contact_recorded', by: 'liaison.hosts', unit: 'eu-iru' }]);
  });

  it('refuses a contact without an address, for a registry platform, or from an officer not on other hosts, and stores nothing', async () => {
    const euLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.hosts', platforms: ['other-hosts'] });
    const youtubeLiaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.yt', platforms: ['youtube'] });
    const put = (host: string, token: string, body: unknown) =>
      fetch(`${local.apiUrl}/v1/hosts/${host}/abuse-contact`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const noAddress = await put('example-host.net', euLiaison, { source: 'rdap' });
    expect(noAddress.status).toBe(400);
    expect(await noAddress.text()).toContain('give an email or a formUrl');
    expect((await put('example-host.net', euLiaison, { email: 'not an address', source: 'rdap' })).status).toBe(400);
    expect((await put('example-host.net', euLiaison, { email: 'abuse@example-host.net', formUrl: 'javascript:alert(1)', source: 'rdap' })).status).toBe(400);
    expect((await put('Example-Host.NET', euLiaison, { email: 'abuse@example-host.net', source: 'rdap' })).status).toBe(400);
    expect((await put('youtube', euLiaison, { email: 'abuse@youtube.com', source: 'rdap' })).status).toBe(409);
    expect((await put('example-host.net', youtubeLiaison, { email: 'abuse@example-host.net', source: 'rdap' })).status).toBe(403);
    expect(await local.stores.hostContacts.get('example-host.net')).toBeUndefined();
    expect(await local.stores.channels.listChannelChanges('example-host.net')).toEqual([]);
  });

  it("the suite's reachability check names a referral filed under a queue no dashboard lists", async () => {
    const [stored] = (await local.scanEntities('referral')).map((item) => unmarshall(item as never));
    expect(referralsOutsideEveryQueue([stored!])).toEqual([]);
    const hostNamed = { ...stored, platform: 'example-jihad.org', status: 'new', gsi1pk: 'QUEUE#example-jihad.org#new' };
    expect(referralsOutsideEveryQueue([hostNamed])).toEqual([`${String(stored!['referralId'])} (example-jihad.org, new): indexed under QUEUE#example-jihad.org#new, not QUEUE#other-hosts#new`]);
    expect(referralsOutsideEveryQueue([{ ...stored, units: new Set() }])[0]).toContain('no units');
  });
});
