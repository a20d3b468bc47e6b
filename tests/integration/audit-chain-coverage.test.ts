import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createStores, type Stores } from '../../functions/adapters/create-stores';
import { claimReferral } from '../../functions/core/lifecycle/referral-lifecycle';
import { extendHold } from '../../functions/core/rule-of-law/legal-hold';
import { orderInput } from '../../functions/core/rule-of-law/removal-order.fixture';
import { partitions, type TableKey } from '../../functions/adapters/table/keys';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * Every state change of a referral and every evidence read leaves an audit event linked into a
 * hash chain the referral's check covers: lifecycle, legal hold, removal order, complaint,
 * four-eyes review, evidence read, escalation page and acknowledgement, and the operational hold
 * (in the held target's chain, and its refusal in the referral's own). For each kind, an event
 * modified, deleted or inserted directly in the table makes the check fail and name it.
 */

let local: LocalStackHandle;
const tokens = {} as Record<'referrer' | 'liaison' | 'admin' | 'otherUnit', string>;
const postUrl = 'https://t.me/s/coverage_channel/1';
const heldChannel = { kind: 'channel', url: 'https://t.me/coverage_channel' } as const;
const heldChain = partitions.heldTarget('telegram:channel:coverage_channel');
let referralId = '';

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text };
};
/** `ok`: any 2xx (a record created or changed answers 200 or 201 depending on the route). */
const expectStatus = async (request: Promise<{ status: number; text: string }>, status: number | 'ok') => {
  const answer = await request;
  if (status === 'ok') expect([200, 201], answer.text).toContain(answer.status);
  else expect(answer.status, answer.text).toBe(status);
};
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const table = () => local.stack.config.TABLE_NAME;

beforeAll(async () => {
  local = await startLocalStack();
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'ana.referrer' });
  tokens.liaison = await local.tokenFor({ role: 'liaison', unit: 'fr-pharos', sub: 'lia.liaison', platforms: ['telegram'] });
  tokens.admin = await local.tokenFor({ role: 'admin', unit: 'fr-pharos', sub: 'boss.admin' });
  tokens.otherUnit = await local.tokenFor({ role: 'referrer', unit: 'be-fedpol', sub: 'bo.referrer' });
  // Art. 3(2): the unit sent Telegram the procedures two days ago, so its first order may go out.
  await expectStatus(
    call('PUT', '/v1/units/fr-pharos/settings', tokens.admin, {
      expectedVersion: 0,
      fourEyes: false,
      displayName: 'PHAROS',
      contact: { name: 'IRU desk', email: 'iru@police.example' },
      tcoProcedures: [{ provider: 'telegram', sentAt: ago(48 * 60) }],
    }),
    200,
  );
  const report = makeReport({ url: postUrl, legalRoute: 'removal_order', category: 'propaganda' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
  referralId = (await local.waitForSubmission(report.submissionId)).referralId;
  const path = `/v1/referrals/${referralId}`;

  // Lifecycle (claimed, assigned to a colleague, sent on the manual channel, acknowledged, removed), legal hold, removal
  // order, complaint (it concerns removed content), four-eyes review, evidence read (an export).
  let version = (await local.getReferral(referralId))?.version ?? 0;
  await expectStatus(call('POST', `${path}/claim`, tokens.liaison, { expectedVersion: version++ }), 200);
  await expectStatus(call('PUT', `${path}/assignee`, tokens.liaison, { officerId: 'lia.liaison', expectedVersion: version++ }), 200);
  await expectStatus(call('POST', `${path}/send`, tokens.liaison, { expectedVersion: version++ }), 'ok');
  await expectStatus(call('POST', `${path}/transitions`, tokens.liaison, { to: 'acknowledged', expectedVersion: version++ }), 200);
  await expectStatus(call('POST', `${path}/transitions`, tokens.liaison, { to: 'actioned', outcome: 'removed', expectedVersion: version }), 200);
  await expectStatus(call('POST', `${path}/hold`, tokens.liaison, { until: inDays(250), reason: 'proceedings of the investigating judge' }), 'ok');
  await expectStatus(call('PUT', `${path}/removal-order`, tokens.referrer, orderInput({ content: { url: postUrl } })), 'ok');
  await expectStatus(call('POST', `${path}/complaints`, tokens.liaison, { platformComplaintId: 'complaint-1', receivedAt: ago(5) }), 'ok');
  await expectStatus(call('POST', `${path}/review`, tokens.referrer), 'ok');
  const exported = await fetch(`${local.apiUrl}${path}/evidence-package`, { headers: { authorization: `Bearer ${tokens.liaison}` } });
  expect(exported.status).toBe(200);
  await exported.arrayBuffer();

  // A P1 page (as the escalation stage records it) and its acknowledgement on the dashboard.
  const pagedAt = ago(2);
  const page = await local.stores.escalations.claimPage({ referralId, unit: 'fr-pharos', platform: 'telegram', priority: 'P1', step: 1, lastStep: false, contact: 'duty officer', dedupKey: `${referralId}:1`, pagedAt, ackDueAt: ago(-8) });
  await local.stores.escalations.recordPage(page);
  await expectStatus(call('POST', `${path}/escalation/ack`, tokens.liaison, {}), 200);

  // Another unit holds the post's channel: an export is refused, then the hold released.
  await expectStatus(call('PUT', '/v1/holds', tokens.otherUnit, { target: heldChannel, reason: 'undercover account', contact: 'FEDPOL desk', expiresAt: inDays(30) }), 201);
  await expectStatus(call('GET', `${path}/evidence-package`, tokens.liaison), 409);
  await expectStatus(call('POST', '/v1/holds/release', tokens.otherUnit, { target: heldChannel }), 200);
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

interface Verification {
  ok: boolean;
  events: number;
  findings: { kind: string; sequence: number; key?: string; chain?: string; message: string }[];
}
const verify = async (): Promise<Verification> => {
  const response = await call('GET', `/v1/referrals/${referralId}/audit/verify`, tokens.liaison);
  expect(response.status).toBe(200);
  return JSON.parse(response.text) as Verification;
};

/** The kinds of audited event, each by the chain that holds it and a pattern of its sort key. */
const kinds = [
  { kind: 'lifecycle transition', chain: () => partitions.referral(referralId), sk: /^AUDIT#\d{10}$/ },
  { kind: 'assignment to a colleague', chain: () => partitions.referral(referralId), sk: /^AUDIT#\d{10}$/, action: 'assigned' },
  { kind: 'legal hold', chain: () => partitions.referral(referralId), sk: /^LEGAL#AUDIT#hold#/ },
  { kind: 'removal order', chain: () => partitions.referral(referralId), sk: /^LEGAL#AUDIT#order#/ },
  { kind: 'complaint', chain: () => partitions.referral(referralId), sk: /^LEGAL#AUDIT#complaint#/ },
  { kind: 'four-eyes review', chain: () => partitions.referral(referralId), sk: /^LEGAL#AUDIT#review#/ },
  { kind: 'evidence read', chain: () => partitions.referral(referralId), sk: /^LEGAL#AUDIT#evidence#/ },
  { kind: 'refusal under an operational hold', chain: () => partitions.referral(referralId), sk: /^LEGAL#AUDIT#operational-hold#/ },
  { kind: 'escalation page', chain: () => partitions.referral(referralId), sk: /^ESCALATION#EVENT#.*#paged#/ },
  { kind: 'escalation acknowledgement', chain: () => partitions.referral(referralId), sk: /^ESCALATION#EVENT#.*#acknowledged#/ },
  { kind: 'operational hold placed', chain: () => heldChain, sk: /^AUDIT#/, action: 'placed' },
  { kind: 'operational hold released', chain: () => heldChain, sk: /^AUDIT#/, action: 'released' },
  { kind: 'export refused under the hold (its record)', chain: () => heldChain, sk: /^AUDIT#/, action: 'refused' },
] as const;

/** The stored item of one kind, found through the links of its chain: it is linked, or this fails. */
const linkedEventOf = async (kind: (typeof kinds)[number]): Promise<Record<string, unknown> & TableKey> => {
  const chain = await local.stores.auditChain.chainOf(kind.chain());
  const stamped = chain.links.map((link) => String(link.event.key)).filter((sk) => kind.sk.test(sk));
  const records = chain.records.filter((stored) => stamped.includes(stored.key) && (!('action' in kind) || stored.record['action'] === kind.action));
  expect(records.length, `${kind.kind}: linked events in ${kind.chain()}`).toBeGreaterThan(0);
  const found = await local.documentClient.send(new GetCommand({ TableName: table(), Key: { pk: kind.chain(), sk: records[0]!.key } }));
  return found.Item as Record<string, unknown> & TableKey;
};

const inChain = (kind: (typeof kinds)[number]) => (kind.chain() === partitions.referral(referralId) ? {} : { chain: kind.chain() });

describe('every audited kind of event is in a chain the referral check covers', () => {
  it('checks out intact after every kind of change, every event linked', async () => {
    const verification = await verify();
    expect(verification).toMatchObject({ ok: true, findings: [] });
    for (const kind of kinds) await linkedEventOf(kind);
    const own = await local.stores.auditChain.chainOf(partitions.referral(referralId));
    const held = await local.stores.auditChain.chainOf(heldChain);
    expect(own.records.length).toBe(own.links.length);
    expect(held.records.length).toBe(held.links.length);
    expect(verification.events).toBe(own.records.length + held.records.length);
  });

  it.each(kinds)('names a $kind event modified in the table', async (kind) => {
    const item = await linkedEventOf(kind);
    await local.documentClient.send(new UpdateCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET #at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' } }));
    try {
      const verification = await verify();
      expect(verification.ok).toBe(false);
      expect(verification.findings).toEqual([expect.objectContaining({ kind: 'modified', key: item.sk, ...inChain(kind) })]);
    } finally {
      await local.documentClient.send(new PutCommand({ TableName: table(), Item: item }));
    }
    expect((await verify()).ok).toBe(true);
  });

  it.each(kinds)('names a $kind event deleted from the table', async (kind) => {
    const item = await linkedEventOf(kind);
    await local.documentClient.send(new DeleteCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk } }));
    try {
      const verification = await verify();
      expect(verification.ok).toBe(false);
      expect(verification.findings).toEqual([expect.objectContaining({ kind: 'deleted', message: expect.stringContaining(item.sk), ...inChain(kind) })]);
    } finally {
      await local.documentClient.send(new PutCommand({ TableName: table(), Item: item }));
    }
    expect((await verify()).ok).toBe(true);
  });

  it.each(kinds)('names a $kind event inserted into the table', async (kind) => {
    const item = await linkedEventOf(kind);
    const forged = { ...item, sk: `${item.sk}#forged`, at: new Date().toISOString() };
    await local.documentClient.send(new PutCommand({ TableName: table(), Item: forged }));
    try {
      const verification = await verify();
      expect(verification.ok).toBe(false);
      expect(verification.findings).toEqual([expect.objectContaining({ kind: 'inserted', key: forged.sk, ...inChain(kind) })]);
    } finally {
      await local.documentClient.send(new DeleteCommand({ TableName: table(), Key: { pk: forged.pk, sk: forged.sk } }));
    }
    expect((await verify()).ok).toBe(true);
  });
});

describe('a repeated audit write long after the first', () => {
  it('does not chain an acknowledgement twice, however many events came since', async () => {
    const before = await local.stores.auditChain.chainOf(partitions.referral(referralId));
    // More than the links the redelivery check reads back come after the acknowledgement.
    for (let read = 0; read < 33; read += 1) {
      await local.stores.legalAudit.recordEvidenceRead({ referralId, sha256: 'package', kind: 'evidence-package', actor: { kind: 'officer', id: 'lia.liaison', unit: 'fr-pharos' }, at: new Date().toISOString() });
    }
    await expectStatus(call('POST', `/v1/referrals/${referralId}/escalation/ack`, tokens.liaison, {}), 200);
    const after = await local.stores.auditChain.chainOf(partitions.referral(referralId));
    expect(after.links.length).toBe(before.links.length + 33);
    expect((await verify()).ok).toBe(true);
  });
});

/** The string value of a key attribute, marshalled ({ S }) or not. */
const stringAttribute = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { S?: unknown }).S === 'string' ? (value as { S: string }).S : undefined;

/**
 * The stores of a process that dies right after its first write of the item `sk` names (the
 * write is in the table, nothing after it happens): what Lambda dying between two writes leaves.
 */
const writes = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const storesDyingAfterWriting = (sk: string): Stores => {
  const { config } = local.stack;
  const raw = new DynamoDBClient({ region: config.AWS_REGION, ...(config.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: config.AWS_ENDPOINT_URL_DYNAMODB } : {}) });
  let died = false;
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const { Key, Item } = (args.input ?? {}) as { Key?: Record<string, unknown>; Item?: Record<string, unknown> };
      if (!died && writes.has(context.commandName ?? '') && stringAttribute((Key ?? Item)?.['sk']) === sk) {
        died = true;
        throw new Error('process killed after a write (injected)');
      }
      return result;
    },
    { step: 'initialize', name: 'dieAfterWrite' },
  );
  return createStores(config, { documentClient: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }) });
};

describe('a crash between a change and its audit event', () => {
  const freshReferral = async (url: string): Promise<string> => {
    const report = makeReport({ url, legalRoute: 'removal_order', category: 'propaganda' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
    return (await local.waitForSubmission(report.submissionId)).referralId;
  };
  const verifyOf = async (id: string) => JSON.parse((await call('GET', `/v1/referrals/${id}/audit/verify`, tokens.liaison)).text) as Verification;

  it('loses no lifecycle event when the next request is another change, not the retry', async () => {
    const id = await freshReferral('https://t.me/s/coverage_crash/1');
    const version = (await local.getReferral(id))?.version ?? 0;
    // The claim is written on the referral, then the process dies before its audit event.
    const dying = storesDyingAfterWriting('META');
    await expect(claimReferral(dying.lifecycle, { referralId: id, expectedVersion: version, officer: { kind: 'officer', id: 'lia.liaison', unit: 'fr-pharos' }, now: new Date() })).rejects.toThrow('killed');
    expect((await local.stores.lifecycle.listAudit(id)).map((event) => event.version)).not.toContain(version + 1);
    // The officer goes on: the send records the claim's event first, then its own.
    await expectStatus(call('POST', `/v1/referrals/${id}/send`, tokens.liaison, { expectedVersion: version + 1 }), 'ok');
    const audit = await local.stores.lifecycle.listAudit(id);
    expect(audit.map((event) => [event.version, event.action])).toEqual(expect.arrayContaining([[version + 1, 'claimed'], [version + 2, 'transition']]));
    expect(await verifyOf(id)).toMatchObject({ ok: true, findings: [] });
  });

  it('loses no rule-of-law event when the next save is another change or a repeat', async () => {
    const id = await freshReferral('https://t.me/s/coverage_crash/2');
    const actor = { kind: 'officer' as const, id: 'lia.liaison', unit: 'fr-pharos' };
    const until = inDays(40);
    const dying = storesDyingAfterWriting('LEGAL#HOLD');
    await expect(dying.holds.save(extendHold(undefined, id, { until, reason: 'proceedings' }, actor, new Date()))).rejects.toThrow('killed');
    expect((await local.stores.legalAudit.list(id)).filter((event) => event.subject === 'hold')).toEqual([]);
    // The same request again: the core finds nothing to change, and the save audits the stored change.
    await expectStatus(call('POST', `/v1/referrals/${id}/hold`, tokens.liaison, { until, reason: 'proceedings' }), 'ok');
    expect((await local.stores.legalAudit.list(id)).filter((event) => event.subject === 'hold').map((event) => event.version)).toEqual([1]);
    expect(await verifyOf(id)).toMatchObject({ ok: true, findings: [] });

    // Dying again, then a longer hold instead of the retry: both versions end up audited.
    const again = storesDyingAfterWriting('LEGAL#HOLD');
    const stored = await local.stores.holds.get(id);
    await expect(again.holds.save(extendHold(stored, id, { until: inDays(60), reason: 'proceedings' }, actor, new Date()))).rejects.toThrow('killed');
    await expectStatus(call('POST', `/v1/referrals/${id}/hold`, tokens.liaison, { until: inDays(80), reason: 'proceedings' }), 'ok');
    expect((await local.stores.legalAudit.list(id)).filter((event) => event.subject === 'hold').map((event) => event.version)).toEqual([1, 2, 3]);
    expect(await verifyOf(id)).toMatchObject({ ok: true, findings: [] });
  });

  it("loses no escalation's exhaustion when the scheduler dies between marking it and its event", async () => {
    const id = await freshReferral('https://t.me/s/coverage_crash/3');
    const ackDueAt = ago(1);
    const page = await local.stores.escalations.claimPage({ referralId: id, unit: 'fr-pharos', platform: 'telegram', priority: 'P1', step: 3, lastStep: true, contact: 'unit head', dedupKey: `${id}:3`, pagedAt: ago(11), ackDueAt });
    await local.stores.escalations.recordPage(page);
    const [open] = (await local.stores.escalations.dueBy(new Date().toISOString())).filter((due) => due.referralId === id);
    const exhaustedAt = new Date().toISOString();
    await expect(storesDyingAfterWriting(`${ackDueAt}#${id}`).escalations.markExhausted(open!, exhaustedAt)).rejects.toThrow('killed');
    expect((await local.stores.escalations.listEvents(id)).map((event) => event.kind)).toEqual(['paged']);
    // The next run finds the page marked: it writes the event with the mark's time, once.
    for (let run = 0; run < 2; run += 1) {
      const [marked] = (await local.stores.escalations.dueBy(new Date().toISOString())).filter((due) => due.referralId === id);
      expect(await local.stores.escalations.markExhausted(marked!, new Date().toISOString())).toBe(false);
    }
    expect((await local.stores.escalations.listEvents(id)).map((event) => [event.kind, event.at])).toEqual([['paged', page.pagedAt], ['exhausted', exhaustedAt]]);
    expect(await verifyOf(id)).toMatchObject({ ok: true, findings: [] });
  });
});

