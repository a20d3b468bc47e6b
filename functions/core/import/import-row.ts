import * as z from 'zod';
import type { ApiIssue } from '../../contract/api-error';
import { issuesFromZod } from '../../contract/api-error';
import { reportV1, type ReportV1 } from '../../contract/report';
import type { ImportColumn, RawRow } from './referral-file';
import { importSubmissionId } from './submission-id';

/** A blank cell is an absent value, as a spreadsheet user means it. */
const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const trimmed = (value: unknown): unknown => {
  const blank = blankToUndefined(value);
  return typeof blank === 'string' ? blank.trim() : blank;
};

const truthy = new Set(['true', 'yes', 'y', '1', 'x']);
const falsy = new Set(['false', 'no', 'n', '0']);

/** Spreadsheets write booleans many ways; anything else is an error, never a silent false. */
const urgentCell = z.preprocess((value) => {
  const cell = trimmed(value);
  if (typeof cell !== 'string') return cell;
  const lower = cell.toLowerCase();
  return truthy.has(lower) ? true : falsy.has(lower) ? false : cell;
}, z.boolean({ error: 'urgent must be true/false, yes/no or 1/0' }).optional());

/** `;`-separated in CSV (commas are the field separator), or a JSON array in NDJSON. */
const subTagsCell = z.preprocess((value) => {
  const cell = trimmed(value);
  if (typeof cell !== 'string') return cell;
  return cell
    .split(';')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}, z.array(z.string()).optional());

const textCell = z.preprocess(blankToUndefined, z.string().optional());
const trimmedCell = z.preprocess(trimmed, z.string().optional());

/** One row of an import file, columns as documented; the report fields are then checked by reportV1. */
export const importRow = z.object({
  url: z.preprocess(trimmed, z.string({ error: 'url is required' })),
  category: z.preprocess((value) => {
    const cell = trimmed(value);
    return typeof cell === 'string' ? cell.toLowerCase() : cell;
  }, z.string({ error: 'category is required' })),
  title: trimmedCell,
  selected_text: textCell,
  group: trimmedCell,
  urgent: urgentCell,
  legal_route: z.preprocess((value) => {
    const cell = trimmed(value);
    return typeof cell === 'string' ? cell.toLowerCase() : cell;
  }, z.string().optional()),
  notes: textCell,
  sub_tags: subTagsCell,
  submission_id: trimmedCell,
  /** The post that links to this content (a beacon): the report is posted in it. */
  parent_url: trimmedCell,
} satisfies Record<ImportColumn, z.ZodType>);

export type RowResult =
  | { ok: true; line: number; report: ReportV1; idSource: 'column' | 'derived' }
  | { ok: false; line: number; issues: ApiIssue[] };

/** Report field to the column an officer sees, so a rejection names the column to fix. */
const columnOf: Record<string, ImportColumn> = {
  submissionId: 'submission_id',
  postedIn: 'parent_url',
  selectedText: 'selected_text',
  legalRoute: 'legal_route',
  subTags: 'sub_tags',
};
const toColumnIssues = (issues: ApiIssue[]): ApiIssue[] =>
  issues.map((issue) => {
    const [head, ...rest] = issue.path.split('.');
    const column = columnOf[head ?? ''] ?? head ?? '(row)';
    return { ...issue, path: [column, ...rest].join('.') };
  });

/**
 * Validates one row exactly as the API will (reportV1), so a dry run finds every row the
 * API would refuse. The submission id comes from the submission_id column when given,
 * otherwise it is derived from the unit and the row's content (see submission-id.ts).
 */
export const validateImportRow = (row: RawRow, unit: string): RowResult => {
  const cells = importRow.safeParse(row.fields);
  if (!cells.success) return { ok: false, line: row.line, issues: issuesFromZod(cells.error) };
  const { url, category, title, selected_text, group, urgent, legal_route, notes, sub_tags, submission_id, parent_url } = cells.data;
  const fields = {
    url,
    category,
    ...(title === undefined ? {} : { title }),
    ...(selected_text === undefined ? {} : { selectedText: selected_text }),
    ...(group === undefined ? {} : { group }),
    ...(urgent === undefined ? {} : { urgent }),
    ...(legal_route === undefined ? {} : { legalRoute: legal_route }),
    ...(notes === undefined ? {} : { notes }),
    ...(sub_tags === undefined ? {} : { subTags: sub_tags }),
    ...(parent_url === undefined || parent_url === '' ? {} : { postedIn: parent_url }),
  };
  // Validated once without an id to derive it from the normalized (defaulted) report.
  const withoutId = reportV1.omit({ submissionId: true }).safeParse(fields);
  if (!withoutId.success) return { ok: false, line: row.line, issues: toColumnIssues(issuesFromZod(withoutId.error)) };
  const submissionId = submission_id ?? importSubmissionId(unit, withoutId.data);
  const report = reportV1.safeParse({ ...withoutId.data, submissionId });
  if (!report.success) return { ok: false, line: row.line, issues: toColumnIssues(issuesFromZod(report.error)) };
  return { ok: true, line: row.line, report: report.data, idSource: submission_id === undefined ? 'derived' : 'column' };
};
