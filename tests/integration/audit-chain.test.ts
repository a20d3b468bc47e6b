import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuditChain, checkLinkedEvents } from '../../functions/core/audit-chain/audit-chain';
import { keys, partitions } from '../../functions/adapters/table/keys';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let referralId = '';
let referrer = '';
let liaison = '';

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A referral worked through a claim, a send and an acknowledgement: lifecycle audit events. */
const workedReferral = async (url: string): Promise<string> => {
  const report = makeReport({ url, category: 'propaganda' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
  const id = (await local.waitForSubmission(report.submissionId)).referralId;
  let version = (await local.getReferral(id))!.version ?? 0;
  expect((await call('POST', `/v1/referrals/${id}/claim`, liaison, { expectedVersion: version })).status).toBe(200);
  version += 1;
  expect((await call('POST', `/v1/referrals/${id}/send`, liaison, { expectedVersion: version })).status).toBeLessThan(300);
  version += 1;
  expect((await call('POST', `/v1/referrals/${id}/transitions`, liaison, { to: 'acknowledged', expectedVersion: version })).status).toBe(200);
  return id;
};

beforeAll(async () => {
  local = await startLocalStack();
  referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
  liaison = await local.tokenFor({ role: 'liaison', unit: 'eu-iru', sub: 'liaison.lena', platforms: ['telegram'] });
  referralId = await workedReferral('https://t.me/s/chain_channel/1');
});
afterAll(async () => {
  await local?.stop();
});

describe('the audit hash chain as written', () => {
  it('links every audit event of a referral, in order, each to the one before', async () => {
    const chain = await local.stores.auditChain.chainOf(partitions.referral(referralId));
    expect(chain.links.length).toBe(chain.records.length);
    expect(chain.links.length).toBeGreaterThanOrEqual(3);
    expect(chain.links.map((link) => link.sequence)).toEqual(chain.links.map((_, index) => index + 1));
    expect(chain.head).toMatchObject({ sequence: chain.links.length, hash: chain.links.at(-1)!.hash });
    expect(checkAuditChain(chain.links, chain.head)).toEqual([]);
    expect(checkLinkedEvents(chain.links, chain.records)).toEqual([]);
  });

  it('does not chain a redelivered event twice', async () => {
    const chain = local.stores.auditChain;
    const before = await chain.chainOf(partitions.referral(referralId));
    const first = before.records[0]!;
    const again = await chain.append({ pk: partitions.referral(referralId), sk: first.key }, first.record);
    expect(again.sequence).toBe(1);
    expect((await chain.chainOf(partitions.referral(referralId))).links.length).toBe(before.links.length);
  });

  it('does not fork when eight writers append to the same chain at once', async () => {
    const chain = partitions.referral('race-of-writers');
    const events = Array.from({ length: 8 }, (_, index) => ({ key: keys.audit('race-of-writers', index + 1), record: { action: 'noted', version: index + 1 } }));
    const sequences = await Promise.all(events.map((event) => local.stores.auditChain.append(event.key, event.record)));
    expect(new Set(sequences.map((s) => s.sequence)).size).toBe(8);
    const written = await local.stores.auditChain.chainOf(chain);
    expect(written.links.map((link) => link.sequence)).toEqual(Array.from({ length: 8 }, (_, index) => index + 1));
    expect(checkAuditChain(written.links, written.head)).toEqual([]);
  });
});
