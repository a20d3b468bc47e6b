import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../functions/adapters/create-stores';
import { apiError } from '../../functions/contract/api-error';
import { lifecycleState } from '../../functions/contract/lifecycle';
import { utcDay } from '../../functions/core/referral-id';
import { transitionReferral } from '../../functions/core/lifecycle/referral-lifecycle';
import { dyingAfter } from '../helpers/faulty-table';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * An officer's transition whose first attempt died while it held the claim of its outcome count
 * (a Lambda timed out between the claim and the count): the officer's retry meets that claim,
 * still live. Not the officer's fault and over once the claim lapses: 503 count_in_progress with
 * Retry-After, then the retry after it completes the change and counts the outcome exactly once.
 */

/** Longer than the 5 s a request waits for a live claim, so the claim outlives that wait. */
const leaseSeconds = 12;
const officer = 'liaison.lena';

let local: LocalStackHandle;
let token: string;
let referrer: string;

const isClaimPut = (command: unknown) => command instanceof PutCommand && (command.input.Item as Record<string, unknown> | undefined)?.['entity'] === 'counter-claim';

beforeAll(async () => {
  local = await startLocalStack({ counterClaimLeaseSeconds: leaseSeconds });
  token = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: officer, platforms: ['telegram'] });
  referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

const transition = async (referralId: string, expectedVersion: number) => {
  const response = await postJson(`${local.apiUrl}/v1/referrals/${referralId}/transitions`, token, { to: 'already_gone', expectedVersion });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), json: (await response.json()) as unknown };
};

describe('an API transition that meets a live trend counter claim', () => {
  it('answers 503 count_in_progress with Retry-After, and the retry after the claim lapsed counts the outcome once', async () => {
    const report = makeReport({ url: 'https://t.me/s/claimed_channel/7', category: 'propaganda' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const before = await local.getReferral(referralId);
    const version = before?.version ?? 0;

    // The first attempt: the change is applied, then the process dies right after claiming the outcome count.
    const dying = dyingAfter({ client: local.documentClient, name: local.stack.config.TABLE_NAME }, isClaimPut);
    const firstAttempt = createStores(local.stack.config, { documentClient: dying.client });
    await expect(
      transitionReferral(firstAttempt.lifecycle, { referralId, to: 'already_gone', expectedVersion: version, actor: { kind: 'officer', id: officer, unit: 'eu-iru' }, now: new Date() }),
    ).rejects.toThrow('process died');
    const claimedAt = Date.now();
    const closed = await local.getReferral(referralId);
    expect(closed).toMatchObject({ status: 'already_gone', version: version + 1 });
    const day = utcDay(closed?.closedAt ?? '');
    const outcomeCount = async () => (await local.stores.stats.counters('outcome', day, day)).rows.find((row) => row.value === 'already_gone')?.count ?? 0;
    const countedBefore = await outcomeCount();

    // The officer's retry, while the dead attempt's claim still lives.
    const busy = await transition(referralId, version);
    expect(busy.status).toBe(503);
    expect(apiError.parse(busy.json).error.code).toBe('count_in_progress');
    const retryAfter = Number(busy.retryAfter);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(leaseSeconds);
    expect(await outcomeCount()).toBe(countedBefore);

    // Once the claim has lapsed (as Retry-After said, at the latest), the retry completes the change.
    const lapsesAt = claimedAt + leaseSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(lapsesAt - Date.now(), retryAfter * 1000) + 200));
    const retried = await transition(referralId, version);
    expect(retried.status).toBe(200);
    expect(lifecycleState.parse(retried.json)).toMatchObject({ status: 'already_gone', version: version + 1 });
    expect(await outcomeCount()).toBe(countedBefore + 1);

    // Another retry of the same request repeats nothing.
    expect((await transition(referralId, version)).status).toBe(200);
    expect(await outcomeCount()).toBe(countedBefore + 1);
  }, 90_000);
});
