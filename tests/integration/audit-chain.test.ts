import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { timestampAuthorityFor } from '../../functions/adapters/timestamp-authority';
import { anchorAuditDay } from '../../functions/scheduler/anchor-audit-day';
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

type Verification = { ok: boolean; events: number; firstBroken?: { kind: string; sequence: number; key?: string }; findings: { kind: string }[]; anchors: { day: string; status: string; reason?: string }[] };
const verify = async (id: string): Promise<Verification> => {
  const response = await call('GET', `/v1/referrals/${id}/audit/verify`, liaison);
  expect(response.status).toBe(200);
  return (await response.json()) as Verification;
};
const table = () => local.stack.config.TABLE_NAME;

describe('the audit check finds what was done to the table directly', () => {
  it('reports an untouched referral ok', async () => {
    const verification = await verify(referralId);
    expect(verification).toMatchObject({ ok: true, findings: [] });
    expect(verification.events).toBeGreaterThanOrEqual(3);
  });

  it('names an audit event modified in the table', async () => {
    const id = await workedReferral('https://t.me/s/chain_channel/2');
    const key = keys.audit(id, 2);
    await local.documentClient.send(new UpdateCommand({ TableName: table(), Key: key, UpdateExpression: 'SET #at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' } }));
    const verification = await verify(id);
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken).toMatchObject({ kind: 'modified', key: key.sk });
  });

  it('names an audit event deleted from the table, with its link or without', async () => {
    const id = await workedReferral('https://t.me/s/chain_channel/3');
    const chain = await local.stores.auditChain.chainOf(partitions.referral(id));
    await local.documentClient.send(new DeleteCommand({ TableName: table(), Key: { pk: partitions.referral(id), sk: chain.links[1]!.event.key as string } }));
    expect((await verify(id)).firstBroken).toMatchObject({ kind: 'deleted', sequence: 2 });
    // The link removed too: the chain itself shows the gap.
    await local.documentClient.send(new DeleteCommand({ TableName: table(), Key: keys.auditLink(partitions.referral(id), 2) }));
    const verification = await verify(id);
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken).toMatchObject({ kind: 'deleted', sequence: 2 });
  });

  it('names an audit event inserted into the table', async () => {
    const id = await workedReferral('https://t.me/s/chain_channel/4');
    const [first] = (await local.stores.auditChain.chainOf(partitions.referral(id))).records;
    const forged = keys.audit(id, 99);
    await local.documentClient.send(new PutCommand({ TableName: table(), Item: { ...forged, entity: 'audit', ...first!.record, version: 99 } }));
    const verification = await verify(id);
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken).toMatchObject({ kind: 'inserted', key: forged.sk });
  });
});

const verifyCli = (id: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/verify-cli.ts', id], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: local.dataDir } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe('npm run verify', () => {
  it('says ok for an intact chain and names the first broken event of another', async () => {
    await local.announceRunning();
    expect(await verifyCli(referralId)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: \d+ audit events/) });
    const id = await workedReferral('https://t.me/s/chain_channel/5');
    const key = keys.audit(id, 1);
    await local.documentClient.send(new UpdateCommand({ TableName: table(), Key: key, UpdateExpression: 'SET #at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' } }));
    const broken = await verifyCli(id);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`broken: modified - the audit event ${key.sk}`);
  });
});

describe('the daily anchor', () => {
  const tomorrow = () => new Date(Date.now() + 24 * 3_600_000 + 10 * 60_000);

  it('stamps the Merkle root over the day\'s heads once, and the check verifies the head under it and the token', async () => {
    const anchoring = { chains: local.stores.auditChain, stamp: timestampAuthorityFor(local.stack.config) };
    const first = await anchorAuditDay(anchoring, tomorrow());
    expect(first.status).toBe('anchored');
    expect((await anchorAuditDay(anchoring, tomorrow())).status).toBe('already_anchored');
    const verification = await verify(referralId);
    expect(verification.ok).toBe(true);
    expect(verification.anchors).toEqual([expect.objectContaining({ day: first.day, status: 'verified' })]);
  });

  it('refuses an anchor whose token was forged (a token over other bytes)', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const other = await timestampAuthorityFor(local.stack.config)(new TextEncoder().encode('another root'), () => new Date());
    expect(other.status).toBe('verified');
    const token = other.status === 'verified' ? other.token : '';
    await local.documentClient.send(new UpdateCommand({ TableName: table(), Key: keys.auditAnchor(day), UpdateExpression: 'SET #timestamp.#token = :token', ExpressionAttributeNames: { '#timestamp': 'timestamp', '#token': 'token' }, ExpressionAttributeValues: { ':token': token } }));
    const verification = await verify(referralId);
    expect(verification.ok).toBe(false);
    expect(verification.anchors).toEqual([expect.objectContaining({ day, status: 'refused', reason: 'token_refused' })]);
  });
});
