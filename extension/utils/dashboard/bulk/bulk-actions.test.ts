import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../contract';
import { createQueueSelection, runBulk, selectedCsv } from './bulk-actions';

const item = (n: number, extra: Partial<QueueItem> = {}): QueueItem => ({
  referralId: `ref_${String(n).padStart(24, '0')}`,
  platform: 'telegram',
  status: 'new',
  priority: 'P3',
  category: 'propaganda',
  legalRoute: 'referral',
  canonicalUrl: `https://t.me/s/x/${n}`,
  url: `https://t.me/s/x/${n}`,
  firstReportedAt: '2026-01-01T00:00:00.000Z',
  reportCount: 1,
  unitCount: 1,
  breached: false,
  version: n,
  ...extra,
});

describe('bulk actions on the queue', () => {
  it('keeps a selection by id and tells its listeners once per change', () => {
    const selection = createQueueSelection();
    let calls = 0;
    const stop = selection.subscribe(() => (calls += 1));
    selection.set('a', true);
    selection.set('a', true);
    selection.set('b', true);
    selection.keepOnly(['b', 'c']);
    expect(selection.ids()).toEqual(['b']);
    expect(calls).toBe(3);
    stop();
    selection.clear();
    expect(calls).toBe(3);
    expect(selection.has('b')).toBe(false);
  });

  it('acts on each referral with the version seen, and reports each refusal without stopping the others', async () => {
    const asked: [string, number][] = [];
    const outcomes = await runBulk([item(1, { title: 'one' }), item(2), item(3)], async (each) => {
      asked.push([each.referralId, each.version]);
      if (each.version === 2) throw new Error('the referral changed (HTTP 409 conflict)');
    });
    expect(asked.map(([, version]) => version)).toEqual([1, 2, 3]);
    expect(outcomes).toEqual([
      { referralId: item(1).referralId, title: 'one', done: true },
      { referralId: item(2).referralId, done: false, refusal: 'the referral changed (HTTP 409 conflict)' },
      { referralId: item(3).referralId, done: true },
    ]);
  });

  it('exports the selected rows with formulas defused', () => {
    const csv = selectedCsv([item(1, { title: '=HYPERLINK("x")', deadlineAt: '2026-01-01T01:00:00.000Z' })]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('referralId,platform,status,priority,category,legalRoute,url,title,reportCount,unitCount,firstReportedAt,deadlineAt,version');
    expect(row).toBe(`${item(1).referralId},telegram,new,P3,propaganda,referral,https://t.me/s/x/1,"'=HYPERLINK(""x"")",1,1,2026-01-01T00:00:00.000Z,2026-01-01T01:00:00.000Z,1`);
  });
});
