import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDimensions, statsCounts, statsIndicators, statsPlatforms } from '../../functions/contract/stats';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let analyst: string;
const today = () => new Date().toISOString().slice(0, 10);
const get = async (path: string): Promise<unknown> => {
  const response = await fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${analyst}` } });
  expect(response.status).toBe(200);
  return response.json();
};

beforeAll(async () => {
  local = await startLocalStack();
  analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst.sam' });
  const referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  const reports = [
    makeReport({ url: 'https://t.me/s/statscontract/1', category: 'fundraising', notes: 'wallet bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }),
    makeReport({ url: 'https://www.youtube.com/watch?v=STATSCNTRCT', category: 'propaganda', urgent: true }),
  ];
  const referralIds: string[] = [];
  for (const report of reports) {
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    referralIds.push((await local.waitForSubmission(report.submissionId)).referralId);
  }
  // Telegram is a manual channel: sent at once, then the platform's answer recorded, so the
  // platforms answer has outcomes and a time to action.
  const liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['telegram'] });
  const telegram = referralIds[0] as string;
  expect((await postJson(`${local.apiUrl}/v1/referrals/${telegram}/send`, liaison, { expectedVersion: 0 })).status).toBe(200);
  expect((await postJson(`${local.apiUrl}/v1/referrals/${telegram}/transitions`, liaison, { to: 'actioned', outcome: 'removed', expectedVersion: 1 })).status).toBe(200);
});
afterAll(async () => {
  await local?.stop();
});

/**
 * The dashboard and `npm run trends` read these answers through functions/contract/stats.ts.
 * Parsing drops fields the schema does not name, so an answer equal to its parse is one the
 * contract describes completely: a field added to a route without the contract fails here.
 */
describe('the stats routes answer exactly as their contract describes', () => {
  it.each(countDimensions)('GET /v1/stats/counts?by=%s', async (by) => {
    const body = await get(`/v1/stats/counts?from=${today()}&by=${by}&interval=week`);
    expect(statsCounts.parse(body)).toEqual(body);
  });

  it('GET /v1/stats/platforms', async () => {
    const body = await get(`/v1/stats/platforms?from=${today()}`);
    expect(statsPlatforms.parse(body)).toEqual(body);
    const telegram = statsPlatforms.parse(body).platforms.find((platform) => platform.platform === 'telegram');
    expect(telegram).toMatchObject({ actioned: 1, removalRate: 1, timeToAction: { count: 1 } });
  });

  it('GET /v1/stats/indicators', async () => {
    const body = await get(`/v1/stats/indicators?from=${today()}&minReferrals=1`);
    expect(statsIndicators.parse(body)).toEqual(body);
  });

  it('counts the two reports by category', async () => {
    const counts = statsCounts.parse(await get(`/v1/stats/counts?from=${today()}&by=category`));
    expect(counts.totals).toEqual({ fundraising: 1, propaganda: 1 });
  });
});
