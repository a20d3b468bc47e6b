import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../contract/lifecycle';
import { csvCell } from '../csv';
import { queueCsvColumns, queueCsvHeader, queueCsvRow } from './queue-export';

const item: QueueItem = {
  referralId: 'ref_0123456789abcdef01234567',
  platform: 'x',
  status: 'new',
  priority: 'P2',
  category: 'propaganda',
  legalRoute: 'referral',
  canonicalUrl: 'https://x.com/a/status/1',
  url: 'https://x.com/a/status/1?s=20',
  title: '=HYPERLINK("http://evil.example","click"), "quoted"',
  firstReportedAt: '2026-03-01T10:00:00.000Z',
  reportCount: 2,
  unitCount: 1,
  breached: false,
  version: 0,
};

describe('queue CSV export', () => {
  it('neutralizes formula cells and quotes separators', () => {
    for (const dangerous of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1']) expect(csvCell(dangerous).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(undefined)).toBe('');
  });

  it('parses back to the same values, with the title escaped', () => {
    const rows = parse(queueCsvHeader() + queueCsvRow(item), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0] ?? {})).toEqual([...queueCsvColumns]);
    expect(rows[0]?.['title']).toBe(`'${item.title}`);
    expect(rows[0]?.['url']).toBe(item.url);
    expect(rows[0]?.['breached']).toBe('false');
  });
});
