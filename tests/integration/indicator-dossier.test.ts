import { SendMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierReferral, DossierSummary } from '../../functions/contract/financial';
import { createFinancialRecordHandler, createFinancialStage } from '../../functions/financial/handler';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let referrer: string;
let analyst: string;

beforeAll(async () => {
  local = await startLocalStack();
  referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.kim' });
  analyst = await local.tokenFor({ role: 'analyst', unit: 'de-bka', sub: 'analyst.sam' });
});
afterAll(async () => {
  await local?.stop();
});

// BIP-173's example address, the SWIFT registry's German example IBAN.
const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const iban = 'DE89370400440532013000';

interface DossierAnswer {
  dossier?: DossierSummary;
  dossierReferrals: DossierReferral[];
  nextCursor?: string;
}

const read = async (path: string, token = analyst): Promise<{ status: number; body: DossierAnswer }> => {
  const answer = await fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: answer.status, body: (await answer.json()) as DossierAnswer };
};

const waitForDossier = async (path: string, referrals: number): Promise<DossierAnswer> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await read(path);
    if (body.dossier?.referrals === referrals) return body;
    if (Date.now() > deadline) throw new Error(`dossier ${path} has ${body.dossier?.referrals ?? 0} referrals, not ${referrals}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const submit = async (overrides: Parameters<typeof makeReport>[0]) => {
  const report = makeReport(overrides);
  expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
  return local.waitForSubmission(report.submissionId);
};

const recordOf = (body: unknown, messageId = 'm-1'): SQSRecord => ({ messageId, body: JSON.stringify(body) }) as SQSRecord;

describe('the indicator dossier', () => {
  let first: { referralId: string };
  let second: { referralId: string };
  let third: { referralId: string };

  it('is built by the financial stage from the referrals the process stage routes to it', async () => {
    first = await submit({ url: 'https://t.me/s/spendenkanal/5', category: 'fundraising', selectedText: `Spenden BTC ${wallet} oder IBAN DE89 3704 0044 0532 0130 00`, notes: 'internal: informant says X' });
    second = await submit({ url: 'https://t.me/s/spendenkanal/6', category: 'propaganda', selectedText: `BTC ${wallet}` });
    third = await submit({ url: 'https://justpaste.it/abc12', category: 'fundraising', selectedText: `send to ${wallet}` });
    const body = await waitForDossier(`/v1/indicators/btc/${wallet}`, 3);
    expect(body.dossier).toMatchObject({
      type: 'btc',
      value: wallet,
      referrals: 3,
      units: ['eu-iru'],
      platforms: ['justpaste-it', 'telegram'],
      categories: ['fundraising', 'propaganda'],
    });
    const { firstSeen = '', lastSeen = '' } = body.dossier ?? {};
    expect(firstSeen).toMatch(/^20\d\d-/);
    expect(lastSeen >= firstSeen).toBe(true);
    expect(body.dossier?.links).toEqual(
      expect.arrayContaining([
        { kind: 'channel', name: 't.me/spendenkanal', referrals: 2 },
        { kind: 'channel', name: 'justpaste.it', referrals: 1 },
        { kind: 'indicator', name: `iban:${iban}`, referrals: 1 },
      ]),
    );
    // The IBAN posted in the same channel is a same-channel co-occurrence too.
    expect(body.dossier?.sameChannel).toContainEqual({ channel: 't.me/spendenkanal', type: 'iban', value: iban });
    expect(body.dossierReferrals.map((r) => r.referralId).sort()).toEqual([first.referralId, second.referralId, third.referralId].sort());
    // Built from referrals, not reports: no officer and no note of any unit.
    const text = JSON.stringify(body);
    expect(text).not.toContain('officer.kim');
    expect(text).not.toContain('informant');
  });

  it('is paged newest first with a cursor bound to the dossier', async () => {
    const page1 = await read(`/v1/indicators/btc/${wallet}?limit=2`);
    expect(page1.body.dossierReferrals).toHaveLength(2);
    expect(page1.body.nextCursor).toBeDefined();
    const page2 = await read(`/v1/indicators/btc/${wallet}?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor ?? '')}`);
    expect(page2.body.dossier).toBeUndefined();
    const all = [...page1.body.dossierReferrals, ...page2.body.dossierReferrals];
    expect(new Set(all.map((r) => r.referralId)).size).toBe(3);
    expect(all.map((r) => r.firstReportedAt)).toEqual([...all.map((r) => r.firstReportedAt)].sort().reverse());
    const elsewhere = await read(`/v1/indicators/iban/${iban}?cursor=${encodeURIComponent(page1.body.nextCursor ?? '')}`);
    expect(elsewhere.status).toBe(400);
  });

  it('counts nothing twice when a message is redelivered, concurrently or after a crash between writes', async () => {
    const message = { type: 'referral.financial', version: 1, referralId: first.referralId, platform: 'telegram', priority: 'P3', contentKey: 'k', unit: 'eu-iru' };
    // Redelivered by SQS, through the running stage.
    for (let i = 0; i < 3; i += 1) await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.financial.url, MessageBody: JSON.stringify(message) }));
    // Concurrent deliveries, and deliveries that crash after each number of writes.
    const stage = createFinancialStage(local.stack.config, process.env, { documentClient: local.documentClient });
    await Promise.all([1, 2, 3].map((n) => createFinancialRecordHandler(stage)(recordOf(message, `c-${n}`))));
    for (const writesBeforeCrash of [0, 1, 2, 3, 5, 8]) {
      let writes = 0;
      const crashing = Object.create(local.documentClient) as DynamoDBDocumentClient;
      crashing.send = (async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        const isWrite = command.constructor.name !== 'GetCommand' && command.constructor.name !== 'QueryCommand';
        if (isWrite && writes >= writesBeforeCrash) throw new Error('crash');
        if (isWrite) writes += 1;
        return local.documentClient.send(command);
      }) as DynamoDBDocumentClient['send'];
      const crashed = createFinancialStage(local.stack.config, process.env, { documentClient: crashing });
      // A delivery of a referral already filed writes less (its settles only): it may finish before its crash.
      const outcome = await createFinancialRecordHandler(crashed)(recordOf(message)).then(() => 'done', (error: Error) => error.message);
      expect(['crash', 'done']).toContain(outcome);
      if (writesBeforeCrash === 0) expect(outcome).toBe('crash');
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const body = await waitForDossier(`/v1/indicators/btc/${wallet}`, 3);
    expect(body.dossier?.links).toContainEqual({ kind: 'channel', name: 't.me/spendenkanal', referrals: 2 });
    expect(body.dossier?.links).toContainEqual({ kind: 'indicator', name: `iban:${iban}`, referrals: 1 });
    const ibanDossier = await waitForDossier(`/v1/indicators/iban/${iban}`, 1);
    expect(ibanDossier.dossierReferrals).toHaveLength(1);
  });

  it('parks a message naming no referral in the DLQ with its reason', async () => {
    const missing = { type: 'referral.financial', version: 1, referralId: `ref_${'0'.repeat(24)}`, platform: 'telegram', priority: 'P3', contentKey: 'k', unit: 'eu-iru' };
    await local.stack.sqs.send(new SendMessageCommand({ QueueUrl: local.stack.queues.financial.url, MessageBody: JSON.stringify(missing) }));
    const deadline = Date.now() + 10_000;
    let reason: string | undefined;
    while (!reason && Date.now() < deadline) {
      const received = await local.stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.stack.queues.financial.deadLetterUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
      reason = received.Messages?.map((m) => m.MessageAttributes?.['reason']?.StringValue).find((r) => r?.includes(missing.referralId));
    }
    expect(reason).toContain('does not exist');
  });
});
