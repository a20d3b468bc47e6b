import { csvRows } from '../shared-rules';
import type { PlatformStats, StatsCounts } from './messages';

/**
 * Turning the stats routes' answers into what the trends view draws: one uPlot series per
 * value of the chosen dimension, and a table with exactly the API's numbers.
 */

/** Most lines one chart can show and stay readable; the table and the CSV keep every value. */
export const maxChartSeries = 8;

const isoWeekStart = (period: string): number => {
  const match = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!match) return Number.NaN;
  const year = Number(match[1]);
  const week = Number(match[2]);
  // ISO 8601: week 1 holds 4 January; weeks start on Monday.
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - jan4Weekday * 86_400_000 + (week - 1) * 7 * 86_400_000;
};

/** Start of a period (day yyyy-mm-dd, ISO week yyyy-Www, month yyyy-mm) in Unix seconds, as uPlot's time axis wants. */
export const periodStartSeconds = (period: string): number => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return Date.parse(`${period}T00:00:00Z`) / 1000;
  if (/^\d{4}-\d{2}$/.test(period)) return Date.parse(`${period}-01T00:00:00Z`) / 1000;
  return isoWeekStart(period) / 1000;
};

/**
 * The x range of the chart: the whole query range, widened to the first period's start (a
 * week or month may begin before `from`). uPlot would otherwise stretch a lone point over years.
 */
export const xRange = (counts: Pick<StatsCounts, 'from' | 'to' | 'periods'>): [number, number] => {
  const starts = counts.periods.map((p) => periodStartSeconds(p.period)).filter((s) => Number.isFinite(s));
  const from = Date.parse(`${counts.from}T00:00:00Z`) / 1000;
  const to = Date.parse(`${counts.to}T00:00:00Z`) / 1000 + 86_400;
  return [Math.min(from, ...starts), Math.max(to, ...starts)];
};

export interface TrendTable {
  /** Values of the dimension, most counted first (the API's `totals` order). */
  columns: string[];
  rows: { period: string; counts: number[]; total: number }[];
  totals: number[];
  total: number;
}

export const trendTable = (counts: StatsCounts): TrendTable => {
  const columns = Object.entries(counts.totals)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([value]) => value);
  const rows = counts.periods.map((period) => ({
    period: period.period,
    counts: columns.map((column) => period.counts[column] ?? 0),
    total: period.total,
  }));
  const totals = columns.map((column) => counts.totals[column] ?? 0);
  return { columns, rows, totals, total: totals.reduce((sum, n) => sum + n, 0) };
};

export interface TrendSeries {
  /** uPlot's data: x (period starts, seconds) first, then one array per series. */
  data: number[][];
  labels: string[];
  /** The last series sums the values past the chart's limit (labelled "other"). */
  rest: boolean;
}

/** The chart's series: the most counted values, the rest summed as "other" so the lines still add up. */
export const trendSeries = (table: TrendTable): TrendSeries => {
  const shown = table.columns.slice(0, maxChartSeries);
  const restStart = shown.length;
  const hasRest = table.columns.length > shown.length;
  const x = table.rows.map((row) => periodStartSeconds(row.period));
  const series = shown.map((_, i) => table.rows.map((row) => row.counts[i] ?? 0));
  if (hasRest) series.push(table.rows.map((row) => row.counts.slice(restStart).reduce((sum, n) => sum + n, 0)));
  return { data: [x, ...series], labels: hasRest ? [...shown, 'other'] : shown, rest: hasRest };
};

export const trendCsv = (counts: StatsCounts): string => {
  const table = trendTable(counts);
  const lines = [
    ['period', ...table.columns, 'total'],
    ...table.rows.map((row) => [row.period, ...row.counts, row.total]),
    ['total', ...table.totals, table.total],
  ];
  // The project's one CSV writer quotes per RFC 4180 and defuses spreadsheet formulas: group names come from officers.
  return csvRows(lines);
};

/** "≤ 2 h 8 min": the stats route gives the upper bound of a log-scale bucket. */
export const formatDuration = (seconds: number | null): string => {
  if (seconds === null) return '–';
  if (seconds < 60) return `≤ ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `≤ ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `≤ ${hours} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
  return `≤ ${Math.round(hours / 24)} d`;
};

export const formatRate = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 1000) / 10} %`);

export const platformRows = (platforms: readonly PlatformStats[]): string[][] =>
  platforms.map((p) => [
    p.platform,
    String(p.actioned),
    String(p.declined),
    String(p.alreadyGone),
    formatRate(p.removalRate),
    formatDuration(p.timeToAction.p50Seconds),
    formatDuration(p.timeToAction.p90Seconds),
  ]);
