import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildIndicatorCsv, type indicatorCsvColumns } from './indicator-csv';
import { sampleExport, sampleWallet } from './indicator-export.fixture';

describe('the CSV export', () => {
  const csv = buildIndicatorCsv(sampleExport());
  const rows = parse(csv, { columns: true }) as Record<(typeof indicatorCsvColumns)[number], string>[];

  it('has a row per indicator and referral, and one for an indicator with no referral to list', () => {
    expect(rows.filter((row) => row.indicator_value === sampleWallet)).toHaveLength(3);
    expect(rows.filter((row) => row.indicator_type === 'eth')).toEqual([expect.objectContaining({ referral_id: '', referral_count: '1' })]);
    expect(rows.find((row) => row.referral_id === 'ref_000000000000000000000001')).toMatchObject({ found_in: 'page', excerpt: expect.stringContaining('Spenden BTC'), sanctions: 'ofac-sdn 2026-10-01 12345 EXAMPLE FUND' });
  });

  it('writes no cell a spreadsheet would run as a formula', () => {
    const hostile = rows.find((row) => row.referral_id === 'ref_000000000000000000000004');
    expect(hostile?.excerpt).toBe("'=cmd|' /C calc'!A0 donate");
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('leaves out what the officer typed by hand', () => {
    expect(rows.find((row) => row.referral_id === 'ref_000000000000000000000003' && row.indicator_type === 'btc')).toMatchObject({ found_in: 'manual', excerpt: '' });
  });
});
