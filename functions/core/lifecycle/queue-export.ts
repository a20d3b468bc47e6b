import { csvLine } from '../csv';
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

export const queueCsvHeader = (): string => csvLine(queueCsvColumns);

export const queueCsvRow = (item: QueueItem): string => csvLine(queueCsvColumns.map((column) => item[column]));

export const queueNdjsonLine = (item: QueueItem): string => `${JSON.stringify(item)}\n`;
