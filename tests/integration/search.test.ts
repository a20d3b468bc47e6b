import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchResult, type SearchResult } from '../../functions/contract/search';
import type { DevTokenRequest } from '../../functions/api/authenticate';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Search as officers meet it: a URL pasted in any form (defanged, schemeless, another URL
 * form of the same content), a referral id, or an indicator value as written in a report,
 * each answered within what the caller may see.
 */
let local: LocalStackHandle;
const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const iban = 'DE89370400440532013000';
const seeded = { telegram: '', youtube: '', otherHost: '' };

const search = async (q: string, who: DevTokenRequest): Promise<{ status: number; body: SearchResult }> => {
  const token = await local.tokenFor(who);
  const response = await fetch(`${local.apiUrl}/v1/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
  const json: unknown = await response.json();
  return { status: response.status, body: response.status === 200 ? searchResult.parse(json) : (json as SearchResult) };
};
const foundIds = async (q: string, who: DevTokenRequest): Promise<string[]> => {
  const answer = await search(q, who);
  expect(answer.status, q).toBe(200);
  return answer.body.results.map((result) => result.referralId).sort();
};

const admin: DevTokenRequest = { role: 'admin', unit: 'eu-iru' };

beforeAll(async () => {
  local = await startLocalStack();
  const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
  const file = async (url: string, selectedText?: string): Promise<string> => {
    const report = makeReport({ url, ...(selectedText ? { selectedText } : {}) });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    return (await local.waitForSubmission(report.submissionId)).referralId;
  };
  seeded.telegram = await file('https://t.me/s/search_channel/12', `Donate to ${wallet} for the brothers`);
  seeded.youtube = await file('https://www.youtube.com/watch?v=srchcheck01', `Wire to IBAN DE89 3704 0044 0532 0130 00 now`);
  seeded.otherHost = await file('https://forum.example-jihad.org/thread/17');
});
afterAll(async () => {
  await local?.stop();
});

describe('GET /v1/search', () => {
  it('finds a referral by its URL in any form an officer pastes', async () => {
    for (const q of ['https://t.me/s/search_channel/12', 't.me/search_channel/12', 'hxxps://t[.]me/search_channel/12?single', '  https://T.ME/search_channel/12  ']) {
      expect(await foundIds(q, admin), q).toEqual([seeded.telegram]);
    }
    expect(await foundIds('forum.example-jihad[.]org/thread/17', admin)).toEqual([seeded.otherHost]);
    const answer = await search('youtu.be/srchcheck01', admin);
    expect(answer.body.results).toMatchObject([{ referralId: seeded.youtube, platform: 'youtube', status: 'new', matchedBy: ['url'] }]);
  });

  it('finds a referral by its id', async () => {
    expect(await foundIds(seeded.youtube, admin)).toEqual([seeded.youtube]);
    expect(await foundIds(` ${seeded.telegram} `, { role: 'referrer', unit: 'fr-pharos' })).toEqual([seeded.telegram]);
  });

  it('finds referrals by an indicator value, normalized as the extractor normalizes it', async () => {
    expect(await foundIds(wallet.toUpperCase(), admin)).toEqual([seeded.telegram]);
    expect(await foundIds('DE89 3704 0044 0532 0130 00', admin)).toEqual([seeded.youtube]);
    const answer = await search(iban, { role: 'analyst', unit: 'fr-pharos' });
    expect(answer.body.results).toMatchObject([{ referralId: seeded.youtube, matchedBy: ['indicator'] }]);
  });

  it('answers every role only with what it may see', async () => {
    const telegramLiaison: DevTokenRequest = { role: 'liaison', unit: 'eu-iru', platforms: ['telegram'] };
    const youtubeLiaison: DevTokenRequest = { role: 'liaison', unit: 'eu-iru', platforms: ['youtube'] };
    expect(await foundIds('t.me/search_channel/12', telegramLiaison)).toEqual([seeded.telegram]);
    expect(await foundIds('t.me/search_channel/12', youtubeLiaison)).toEqual([]);
    expect(await foundIds(seeded.telegram, youtubeLiaison)).toEqual([]);
    expect(await foundIds(wallet, youtubeLiaison)).toEqual([]);
    expect(await foundIds(iban, youtubeLiaison)).toEqual([seeded.youtube]);
    // Several roles: the analyst's all-platform view comes with the analyst group.
    expect(await foundIds(wallet, { role: ['liaison', 'analyst'], unit: 'eu-iru', platforms: ['youtube'] })).toEqual([seeded.telegram]);
    const hostsLiaison: DevTokenRequest = { role: 'liaison', unit: 'eu-iru', platforms: ['other-hosts'] };
    expect(await foundIds('https://forum.example-jihad.org/thread/17', hostsLiaison)).toEqual([seeded.otherHost]);
    const deploymentAdmin = await search(seeded.telegram, { role: 'deployment-admin', unit: 'eu-iru' });
    expect(deploymentAdmin.status).toBe(403);
  });

  it('says what it tried, and refuses an empty query', async () => {
    const answer = await search('not a url, id or wallet', admin);
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([]);
    expect((await search('', admin)).status).toBe(400);
    expect((await search('x'.repeat(5_000), admin)).status).toBe(400);
  });
});
