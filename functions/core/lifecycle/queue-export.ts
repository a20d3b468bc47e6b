import type { QueueItem } from '../../contract/lifecycle';

/** Columns of the CSV export, in order; the same fields as the JSON queue items. */
export const queueCsvColumns = [
  'referralId',
  'platform',
  'status',
  'outcome',
  'priority',
  'category',
  'legalRoute',
  'canonicalUrl',
  'url',
  'title',
  'firstReportedAt',
  'deadlineAt',
  'breached',
  'reportCount',
  'unitCount',
  'version',
] as const satisfies readonly (keyof QueueItem)[];

/**
 * One CSV cell (RFC 4180 quoting). Cells starting with = + - @ (or tab / carriage return)
 * are prefixed with an apostrophe so a spreadsheet does not run them as formulas
 * (OWASP "CSV injection"): titles and URLs come from content we do not control.
 */
export const csvCell = (value: unknown): string => {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
};

export const queueCsvHeader = (): string => `${queueCsvColumns.join(',')}\r\n`;

export const queueCsvRow = (item: QueueItem): string => `${queueCsvColumns.map((column) => csvCell(item[column])).join(',')}\r\n`;

export const queueNdjsonLine = (item: QueueItem): string => `${JSON.stringify(item)}\n`;
