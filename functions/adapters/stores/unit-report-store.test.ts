import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTable, type LocalTable } from '../../../tests/helpers/local-table';
import { utcDay } from '../../core/referral-id';
import { previousDay } from '../../core/unit-reports/listing-days';
import type { UnitReportPosition } from '../../core/unit-reports/unit-report-cursor';
import { indexNames, keys, unitIndexKey } from '../table/keys';
import { reportItem } from '../table/items';
import { UnitReportStore } from './unit-report-store';

const referralId = 'ref_0123456789abcdef01234567';
const submissionOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A report as the process stage stores it, with the text and notes the listing must not carry. */
const reportOn = (unit: string, acceptedAt: string, n: number) =>
  reportItem.parse({
    ...keys.report(referralId, submissionOf(n)),
    entity: 'report',
    referralId,
    submissionId: submissionOf(n),
    unit,
    officerId: `officer-${n}`,
    acceptedAt,
    url: `https://t.me/s/chan/${n}`,
    selectedText: 'selected text '.repeat(50),
    notes: 'internal note',
    category: 'propaganda',
    subTags: [],
    urgent: false,
    legalRoute: 'referral',
    ...unitIndexKey(unit, utcDay(acceptedAt), acceptedAt, submissionOf(n)),
  });

// eu-iru's reports: three on 2026-12-06 (one at the day's first millisecond), two on 12-04, none on
// 12-05, one on 11-20, one on 2026-06-01 (outside a window that starts at 2026-06-07).
const seeded = [
  ['2026-12-06T23:59:59.999Z', 1],
  ['2026-12-06T12:00:00.000Z', 2],
  ['2026-12-06T00:00:00.000Z', 3],
  ['2026-12-04T18:30:00.000Z', 4],
  ['2026-12-04T08:00:00.000Z', 5],
  ['2026-11-20T10:00:00.000Z', 6],
  ['2026-06-01T10:00:00.000Z', 7],
] as const;
const window = { newestDay: '2026-12-06', oldestDay: '2026-06-07' };

describe('UnitReportStore on dynalite: a unit\'s reports newest first across its day partitions', () => {
  let table: LocalTable;
  let store: UnitReportStore;
  beforeAll(async () => {
    table = await startLocalTable();
    store = new UnitReportStore(table);
    for (const [at, n] of seeded) await table.client.send(new PutCommand({ TableName: table.name, Item: reportOn('eu-iru', at, n) }));
    // Another unit's reports on the same days are never listed.
    await table.client.send(new PutCommand({ TableName: table.name, Item: reportOn('fr-pharos', '2026-12-06T13:00:00.000Z', 8) }));
    await table.client.send(new PutCommand({ TableName: table.name, Item: reportOn('fr-pharos', '2026-12-05T13:00:00.000Z', 9) }));
  }, 60_000);
  afterAll(async () => {
    await table?.stop();
  });

  /** Every page from the newest day, following `next` as the route's cursor does. */
  const walk = async (limit: number, maxQueries: number) => {
    const pages: string[][] = [];
    let from: UnitReportPosition | undefined = { day: window.newestDay };
    while (from) {
      const page: Awaited<ReturnType<UnitReportStore['page']>> = await store.page('eu-iru', { from, oldestDay: window.oldestDay, limit, maxQueries });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push(page.items.map((item) => item.acceptedAt));
      from = page.next;
      if (pages.length > 500) throw new Error('the listing did not end');
    }
    return pages;
  };
  const inWindow = seeded.filter(([at]) => at >= window.oldestDay).map(([at]) => at);

  it('lists every report of the window once, newest first, across day boundaries and empty days, in pages of 2', async () => {
    const pages = await walk(2, 31);
    expect(pages.flat()).toEqual(inWindow);
    expect(pages[0]).toEqual(['2026-12-06T23:59:59.999Z', '2026-12-06T12:00:00.000Z']);
    // The day's last report and the previous day's first share a page.
    expect(pages[1]).toEqual(['2026-12-06T00:00:00.000Z', '2026-12-04T18:30:00.000Z']);
  });

  it('answers the same listing whatever the page size, and a page as large as the window in one request', async () => {
    for (const limit of [1, 6]) expect((await walk(limit, 31)).flat()).toEqual(inWindow);
    const whole = await store.page('eu-iru', { from: { day: window.newestDay }, oldestDay: window.oldestDay, limit: 50, maxQueries: 200 });
    expect(whole.items.map((item) => item.acceptedAt)).toEqual(inWindow);
    expect(whole.next).toBeUndefined();
  });

  it('bounds the queries of one page: after that many days without a report it ends short, with where to go on', async () => {
    // From 11-19 back to the window's start (06-07) there is no report: 166 empty days, 31 a page.
    const page = await store.page('eu-iru', { from: { day: '2026-11-19' }, oldestDay: window.oldestDay, limit: 50, maxQueries: 31 });
    expect(page.items).toEqual([]);
    let day = '2026-11-19';
    for (let n = 0; n < 31; n++) day = previousDay(day);
    expect(page.next).toEqual({ day });
    const pages = await walk(50, 31);
    expect(pages.flat()).toEqual(inWindow);
    // 183 days, 31 queries a page: six pages, the last five empty but for the one reaching 11-20.
    expect(pages.length).toBe(Math.ceil(183 / 31));
  });

  it('never lists a report older than the window, nor another unit\'s', async () => {
    const everything = (await walk(50, 31)).flat();
    expect(everything).not.toContain('2026-06-01T10:00:00.000Z');
    expect(everything).not.toContain('2026-12-06T13:00:00.000Z');
    const theirs = await store.page('fr-pharos', { from: { day: window.newestDay }, oldestDay: window.oldestDay, limit: 50, maxQueries: 31 });
    expect(theirs.items.map((item) => item.submissionId)).toEqual([submissionOf(8), submissionOf(9)]);
  });

  it('reads the listing columns from the index entry, without the selected text or the notes', async () => {
    const [entry] = (await table.client.send(new QueryCommand({ TableName: table.name, IndexName: indexNames.unitDaysAndBankAdditions, KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'UNIT#eu-iru#2026-11-20' } }))).Items ?? [];
    expect(entry).toMatchObject({ submissionId: submissionOf(6), officerId: 'officer-6', url: 'https://t.me/s/chan/6', category: 'propaganda' });
    expect(entry).not.toHaveProperty('selectedText');
    expect(entry).not.toHaveProperty('notes');
    expect(entry).not.toHaveProperty('unit');
  });
});
