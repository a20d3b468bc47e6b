import { describe, expect, it } from 'vitest';
import type { StatsCounts } from './messages';
import { formatDuration, formatRate, periodStartSeconds, trendCsv, trendSeries, trendTable, xRange } from './trends';

const counts: StatsCounts = {
  by: 'group',
  interval: 'day',
  from: '2026-04-01',
  to: '2026-04-02',
  periods: [
    { period: '2026-04-01', counts: { isil: 3, '=HYPERLINK("x")': 1 }, total: 4 },
    { period: '2026-04-02', counts: { isil: 1, hamas: 2 }, total: 3 },
  ],
  totals: { isil: 4, hamas: 2, '=HYPERLINK("x")': 1 },
};

describe('trends', () => {
  it('places days, ISO weeks and months on the time axis', () => {
    expect(periodStartSeconds('2026-04-01')).toBe(Date.UTC(2026, 3, 1) / 1000);
    expect(periodStartSeconds('2026-04')).toBe(Date.UTC(2026, 3, 1) / 1000);
    // 2026-W01 starts on Monday 29 December 2025 (1 January 2026 is a Thursday).
    expect(periodStartSeconds('2026-W01')).toBe(Date.UTC(2025, 11, 29) / 1000);
    expect(periodStartSeconds('2020-W53')).toBe(Date.UTC(2020, 11, 28) / 1000);
  });

  it('spans the chart over the query range, from the start of the first week', () => {
    expect(xRange(counts)).toEqual([Date.UTC(2026, 3, 1) / 1000, Date.UTC(2026, 3, 3) / 1000]);
    const weekly = { from: '2026-04-01', to: '2026-04-01', periods: [{ period: '2026-W14', counts: {}, total: 0 }] };
    expect(xRange(weekly)).toEqual([Date.UTC(2026, 2, 30) / 1000, Date.UTC(2026, 3, 2) / 1000]);
  });

  it('tabulates exactly the API numbers, most counted value first', () => {
    const table = trendTable(counts);
    expect(table.columns).toEqual(['isil', 'hamas', '=HYPERLINK("x")']);
    expect(table.rows).toEqual([
      { period: '2026-04-01', counts: [3, 0, 1], total: 4 },
      { period: '2026-04-02', counts: [1, 2, 0], total: 3 },
    ]);
    expect(table.totals).toEqual([4, 2, 1]);
    expect(table.total).toBe(7);
  });

  it('charts the top values and sums the rest as other', () => {
    const many: StatsCounts = {
      ...counts,
      periods: [{ period: '2026-04-01', counts: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`v${i}`, i + 1])), total: 55 }],
      totals: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`v${i}`, i + 1])),
    };
    const series = trendSeries(trendTable(many));
    expect(series.labels).toHaveLength(9);
    expect(series.labels.at(-1)).toBe('other');
    expect(series.rest).toBe(true);
    expect(series.data.slice(1).map((s) => s[0])).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 3]);
  });

  it('exports CSV with quoted cells and spreadsheet formulas defused', () => {
    expect(trendCsv(counts)).toBe(
      'period,isil,hamas,"\'=HYPERLINK(""x"")",total\r\n2026-04-01,3,0,1,4\r\n2026-04-02,1,2,0,3\r\ntotal,4,2,1,7\r\n',
    );
  });

  it('formats durations as bucket upper bounds and rates as percentages', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(45)).toBe('≤ 45 s');
    expect(formatDuration(2_896)).toBe('≤ 48 min');
    expect(formatDuration(7_680)).toBe('≤ 2 h 8 min');
    expect(formatDuration(8 * 86_400)).toBe('≤ 8 d');
    expect(formatRate(2 / 3)).toBe('66.7 %');
    expect(formatRate(null)).toBe('–');
  });
});
