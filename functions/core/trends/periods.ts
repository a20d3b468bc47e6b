import { statsIntervals, type StatsInterval } from '../../contract/stats';

/** Intervals an analyst can group trend counters by (the stats contract's); counters themselves are per UTC day. */
export const intervals = statsIntervals;
export type Interval = StatsInterval;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export const isUtcDay = (value: string): boolean => {
  if (!dayPattern.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};

/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), e.g. 2026-W01. */
export const isoWeek = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
};

export const periodOf = (day: string, interval: Interval): string =>
  interval === 'day' ? day : interval === 'month' ? day.slice(0, 7) : isoWeek(day);

/** Days between two UTC days, inclusive. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
