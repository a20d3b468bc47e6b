import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, unitIndexKey } from '../../functions/adapters/table/keys';
import { reportItem } from '../../functions/adapters/table/items';
import { migrateUnitReportDays } from '../../functions/adapters/table/migrate-unit-report-days';
import type { UnitReportView } from '../../functions/contract/lifecycle';
import { utcDay } from '../../functions/core/referral-id';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

/**
 * GET /v1/reports reads the unit-day index (one partition per unit and day) newest first, across
 * days with and without reports, a page at a time through an opaque cursor; reports stored before
 * the index was keyed by day are moved to their day by the migration and listed again.
 */
let local: LocalStackHandle;
let referrer: string;
let otherUnit: string;
let posted = '';
const referralId = 'ref_00000000000000000000abcd';
const daysAgo = (n: number, time: string) => `${new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)}T${time}`;
const seeded = [
  { n: 1, acceptedAt: daysAgo(2, '09:00:00.000Z'), legacy: false },
  { n: 2, acceptedAt: daysAgo(3, '23:59:59.999Z'), legacy: true },
  { n: 3, acceptedAt: daysAgo(40, '10:00:00.000Z'), legacy: false },
  // Outside the listing window (the 183-day retention period).
  { n: 4, acceptedAt: daysAgo(200, '10:00:00.000Z'), legacy: false },
];
const submissionOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const list = async (token: string, query: string) => {
  const response = await fetch(`${local.apiUrl}/v1/reports${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { reports: UnitReportView[]; nextCursor?: string } };
};

beforeAll(async () => {
  local = await startLocalStack();
  referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
  otherUnit = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos' });
  const report = makeReport({ url: 'https://t.me/s/listing_chan/1' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, referrer, report)).status).toBe(202);
  await local.waitForSubmission(report.submissionId);
  posted = report.submissionId;
  for (const { n, acceptedAt, legacy } of seeded) {
    const item = reportItem.parse({
      ...keys.report(referralId, submissionOf(n)),
      entity: 'report',
      referralId,
      submissionId: submissionOf(n),
      unit: 'eu-iru',
      officerId: 'someone-else',
      acceptedAt,
      url: `https://t.me/s/listing_chan/${n + 1}`,
      category: 'propaganda',
      subTags: [],
      urgent: false,
      legalRoute: 'referral',
      ...unitIndexKey('eu-iru', utcDay(acceptedAt), acceptedAt, submissionOf(n)),
      // As an earlier version indexed it: the unit's one partition.
      ...(legacy ? { gsi2pk: 'UNIT#eu-iru' } : {}),
    });
    await local.documentClient.send(new PutCommand({ TableName: local.stack.config.TABLE_NAME, Item: item }));
  }
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

describe('GET /v1/reports over the unit-day index', () => {
  const walk = async (limit: number) => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await list(referrer, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(status).toBe(200);
      expect(body.reports.length).toBeLessThanOrEqual(limit);
      pages.push(body.reports.map((report) => report.submissionId));
      cursor = body.nextCursor;
      expect(pages.length).toBeLessThan(30);
    } while (cursor);
    return pages;
  };

  it('lists the reports of the window newest first across days and empty days; a report kept under the old key is listed once migrated', async () => {
    expect((await walk(1)).flat()).toEqual([posted, submissionOf(1), submissionOf(3)]);
    const table = { client: local.documentClient, name: local.stack.config.TABLE_NAME };
    expect(await migrateUnitReportDays(table)).toEqual({ reports: 5, moved: 1 });
    expect(await migrateUnitReportDays(table)).toEqual({ reports: 5, moved: 0 });
    const pages = await walk(2);
    expect(pages.flat()).toEqual([posted, submissionOf(1), submissionOf(2), submissionOf(3)]);
    expect(pages[0]).toEqual([posted, submissionOf(1)]);
    // 183 days at most 31 partitions a request: the listing ends within seven requests.
    expect(pages.length).toBeLessThanOrEqual(7);
    const first = await list(referrer, '?limit=50');
    expect(first.body.reports[0]).toMatchObject({ submissionId: posted, mine: true, url: 'https://t.me/s/listing_chan/1' });
    expect(first.body.reports.find((report) => report.submissionId === submissionOf(1))?.mine).toBe(false);
  });

  it("refuses another unit's cursor and an edited one; lists the other unit's reports only", async () => {
    const { body } = await list(referrer, '?limit=1');
    expect(body.nextCursor).toBeDefined();
    expect((await list(otherUnit, `?cursor=${encodeURIComponent(body.nextCursor!)}`)).status).toBe(400);
    expect((await list(referrer, `?cursor=${encodeURIComponent(`${body.nextCursor!}x`)}`)).status).toBe(400);
    expect((await list(referrer, '?limit=0')).status).toBe(400);
    expect((await list(otherUnit, '')).body.reports).toEqual([]);
  });
});
