import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crashingOnce, pausingAfterRead } from '../../../tests/helpers/faulty-table';
import { useLocalTable } from '../../../tests/helpers/local-table';
import { keys } from '../table/keys';
import type { TableHandle } from '../table/operations';
import { createStores } from '../create-stores';
import { SETTLED_MEMORY_MS, type ReferralDraft, type ReportInput } from './referral-store';

const require = createRequire(import.meta.url);
/** dynalite's own item size (the one it bills by): attribute names and values, as DynamoDB counts them. */
const { itemSize } = require('dynalite/db/index.js') as { itemSize: (item: Record<string, unknown>) => number };

const referralId = 'ref_0123456789abcdef01234567';
const at = '2026-12-06T06:00:00.000Z';

const draft: ReferralDraft = {
  referralId,
  contentKey: 'youtube:video:abc',
  canonicalUrl: 'https://www.youtube.com/watch?v=abc',
  url: 'https://www.youtube.com/watch?v=abc',
  platform: 'youtube',
  category: 'propaganda',
  legalRoute: 'referral',
  priority: 'P2',
  deadlineAt: '2026-12-09T06:00:00.000Z',
  language: 'en',
  groups: [],
  labels: [],
  indicators: [],
  reportedAt: at,
};

const submissionIdOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const reportOf = (n: number, extra: Partial<ReportInput> = {}): ReportInput => ({
  referralId,
  submissionId: submissionIdOf(n),
  unit: 'eu-iru',
  officerId: `officer-${n % 7}`,
  acceptedAt: at,
  url: draft.url,
  category: 'propaganda',
  subTags: [],
  urgent: false,
  legalRoute: 'referral',
  ...extra,
});

/** The referral store as every handler gets it, from the composition root. */
const referralStoreOn = (handle: TableHandle, now?: () => number) =>
  createStores({ TABLE_NAME: handle.name, AWS_REGION: 'eu-west-1' }, { documentClient: handle.client, ...(now ? { now } : {}) }).referrals;

const isReportPut = (command: unknown) => command instanceof PutCommand && String(command.input.Item?.['sk']).startsWith('REPORT#');
const isSettle = (command: unknown) => command instanceof UpdateCommand && String(command.input.UpdateExpression).startsWith('DELETE countingReports');

describe('ReferralStore on dynalite: a referral counts its reports exactly once, with one item per report', () => {
  const table = useLocalTable();

  const referralItem = async (id = referralId) =>
    (await table.client.send(new GetCommand({ TableName: table.name, Key: keys.referral(id), ConsistentRead: true }))).Item as Record<string, unknown>;

  it('a redelivered report is not counted again, and the report item is written once with its checks', async () => {
    const store = referralStoreOn(table);
    const checks = [{ kind: 'screenshot', sha256: 'a'.repeat(64), status: 'verified' as const, checkedAt: at }];
    const first = await store.fileReport(draft, reportOf(1, { evidenceChecks: checks }));
    const again = await store.fileReport(draft, reportOf(1, { evidenceChecks: checks }));
    expect(first).toMatchObject({ counted: true, created: true });
    expect(again).toEqual({ counted: false, created: false });
    expect(await store.listReports(referralId)).toMatchObject([{ submissionId: submissionIdOf(1), evidenceChecks: checks }]);
    const referral = await referralItem();
    expect(referral['reportCount']).toBe(1);
    expect(referral['countingReports']).toBeUndefined();
    expect(referral['submissionIds']).toBeUndefined();
  });

  it('a crash between the count and the report item: the redelivery writes the item and counts nothing', async () => {
    const id = 'ref_11111111111111111111111a';
    const crashed = referralStoreOn(crashingOnce(table, 'before', isReportPut));
    await expect(crashed.fileReport({ ...draft, referralId: id }, reportOf(2, { referralId: id }))).rejects.toThrow('process died');
    const half = await referralItem(id);
    expect(half['reportCount']).toBe(1);
    expect([...(half['countingReports'] as Set<string>)]).toEqual([submissionIdOf(2)]);

    const store = referralStoreOn(table);
    expect(await store.fileReport({ ...draft, referralId: id }, reportOf(2, { referralId: id }))).toEqual({ counted: false, created: false });
    expect((await store.listReports(id)).map((r) => r.submissionId)).toEqual([submissionIdOf(2)]);
    const repaired = await referralItem(id);
    expect(repaired['reportCount']).toBe(1);
    expect(repaired['countingReports']).toBeUndefined();
  });

  it('a crash after the report item, before the id leaves countingReports: the redelivery settles it, the count stays', async () => {
    const id = 'ref_22222222222222222222222b';
    const store = referralStoreOn(table);
    await store.fileReport({ ...draft, referralId: id }, reportOf(3, { referralId: id }));
    const crashed = referralStoreOn(crashingOnce(table, 'after', isSettle));
    // Dies right after the id left countingReports, then (another report) right before it.
    await expect(crashed.fileReport({ ...draft, referralId: id }, reportOf(4, { referralId: id }))).rejects.toThrow('process died');
    const dying = referralStoreOn(crashingOnce(table, 'before', isSettle));
    await expect(dying.fileReport({ ...draft, referralId: id }, reportOf(5, { referralId: id }))).rejects.toThrow('process died');
    expect([...((await referralItem(id))['countingReports'] as Set<string>)]).toEqual([submissionIdOf(5)]);

    for (const n of [3, 4, 5]) expect(await store.fileReport({ ...draft, referralId: id }, reportOf(n, { referralId: id }))).toEqual({ counted: false, created: false });
    const settled = await referralItem(id);
    expect(settled['reportCount']).toBe(3);
    expect(settled['countingReports']).toBeUndefined();
    expect((await store.listReports(id)).map((r) => r.submissionId)).toEqual([3, 4, 5].map(submissionIdOf));
  });

  it('two deliveries of one report at once: the one that read before the other filed counts nothing', async () => {
    const id = 'ref_44444444444444444444444d';
    let release = () => {};
    const go = new Promise<void>((resolve) => (release = resolve));
    let secondRead = () => {};
    const read = new Promise<void>((resolve) => (secondRead = resolve));
    const second = referralStoreOn(pausingAfterRead(table, 'REPORT#', go, secondRead)).fileReport({ ...draft, referralId: id }, reportOf(6, { referralId: id }));
    await read;
    // The first delivery files the report whole (count, item, settle) while the second waits between its read and its count.
    expect(await referralStoreOn(table).fileReport({ ...draft, referralId: id }, reportOf(6, { referralId: id }))).toMatchObject({ counted: true });
    release();
    expect(await second).toEqual({ counted: false, created: false });
    expect((await referralItem(id))['reportCount']).toBe(1);
    expect((await referralStoreOn(table).listReports(id)).map((r) => r.submissionId)).toEqual([submissionIdOf(6)]);
  });

  it('forgets a settled id after two generations of five minutes; the report item still keeps a late redelivery from counting', async () => {
    const id = 'ref_55555555555555555555555e';
    let clock = Date.parse(at);
    const store = referralStoreOn(table, () => clock);
    await store.fileReport({ ...draft, referralId: id }, reportOf(7, { referralId: id }));
    expect([...((await referralItem(id))['settledReports'] as Set<string>)]).toEqual([submissionIdOf(7)]);
    clock += SETTLED_MEMORY_MS;
    await store.fileReport({ ...draft, referralId: id }, reportOf(8, { referralId: id }));
    const rotated = await referralItem(id);
    expect(rotated['settledReports']).toBeUndefined();
    expect([...(rotated['settledBefore'] as Set<string>)].sort()).toEqual([7, 8].map(submissionIdOf));
    clock += SETTLED_MEMORY_MS;
    await store.fileReport({ ...draft, referralId: id }, reportOf(9, { referralId: id }));
    clock += SETTLED_MEMORY_MS;
    await store.fileReport({ ...draft, referralId: id }, reportOf(10, { referralId: id }));
    const later = await referralItem(id);
    // Each five minutes a new generation begins and the one before it is dropped: only 10 is remembered.
    expect([...(later['settledBefore'] as Set<string>)]).toEqual([submissionIdOf(10)]);
    expect(later['settledReports']).toBeUndefined();
    expect(await store.fileReport({ ...draft, referralId: id }, reportOf(7, { referralId: id }))).toEqual({ counted: false, created: false });
    expect((await referralItem(id))['reportCount']).toBe(4);
  });

  it('the referral item does not grow with its reports: it holds only the last minutes\' ids, at a steady size whatever the total', async () => {
    const id = 'ref_33333333333333333333333c';
    // One report of the content every 5 s, an action day's rate, for 25 minutes.
    let clock = Date.parse(at);
    const store = referralStoreOn(table, () => clock);
    // Reports of 5 KB each, so listing them takes more than one 1 MB page.
    const selectedText = 'x'.repeat(5_000);
    const sizes: number[] = [];
    const reports = 300;
    for (let n = 0; n < reports; n += 1) {
      clock += 5_000;
      await store.fileReport({ ...draft, referralId: id }, reportOf(1_000 + n, { referralId: id, unit: n % 2 === 0 ? 'eu-iru' : 'de-bka', selectedText }));
      sizes.push(itemSize(marshall(await referralItem(id), { convertClassInstanceToMap: true })));
    }
    // After two generations (ten minutes, 120 reports) the size stops growing: each new id replaces one dropped.
    const largest = Math.max(...sizes);
    expect(Math.max(...sizes.slice(150))).toBeLessThanOrEqual(Math.max(...sizes.slice(0, 150)));
    // At most ten minutes of ids: 120 at this rate, 37 bytes each beside the rest of the item.
    expect(largest - sizes[0]!).toBeLessThan(121 * 40);
    expect((await referralItem(id))['reportCount']).toBe(reports);
    const listed = await store.listReports(id);
    expect(listed).toHaveLength(reports);
    expect(new Set(listed.map((r) => r.submissionId)).size).toBe(reports);
  }, 120_000);
});
