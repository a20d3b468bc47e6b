import type { ApiIssue } from '../../contract/api-error';
import type { ReportV1 } from '../../contract/report';
import { checkReportLinks, checkReportUrl, urlIssue } from '../report-url';
import { validateImportRow } from './import-row';
import type { ReferralFile } from './referral-file';
import { refangUrl } from './refang';

export interface PlannedRow {
  line: number;
  report: ReportV1;
  /** What deduplicates reports into referrals (canonicalizeUrl): the same key means the same referral. */
  contentKey: string;
  /** Set when an earlier valid row of the file has the same content key. */
  repeatsLine?: number;
  /** What was assumed or changed reading the URL (no scheme: https:// assumed; refanged). */
  notes?: string[];
}

export interface RejectedRow {
  line: number;
  issues: ApiIssue[];
}

export interface ImportPlan {
  /** Rows to submit, in file order. */
  rows: PlannedRow[];
  /** Rows identical to an earlier row (same submission id): the same report, so not sent again. */
  identical: { line: number; sameAsLine: number; contentKey: string }[];
  rejected: RejectedRow[];
  totalRows: number;
}

/**
 * Validates every row and finds repeats inside the file. Rows whose URL the API would
 * refuse (not canonicalizable, not a public host) are rejected here with the same
 * reason, so that a dry run reports them. A defanged URL (`hxxps://t[.]me/...`) is
 * refused with its refanged form offered, and taken in that form only with `refang`: the
 * officer decides, since a wrong guess would refer the wrong page.
 */
export const planImport = (file: ReferralFile, unit: string, options: { refang?: boolean; importName?: string } = {}): ImportPlan => {
  const rows: PlannedRow[] = [];
  const identical: ImportPlan['identical'] = [];
  const rejected: RejectedRow[] = file.unreadable.map((problem) => ({ line: problem.line, issues: [{ path: '(row)', message: problem.message }] }));
  const firstLineOfContent = new Map<string, number>();
  const firstLineOfSubmission = new Map<string, number>();
  for (const original of file.rows) {
    const cell = original.fields['url'];
    const refanged = typeof cell === 'string' ? refangUrl(cell.trim()) : undefined;
    if (refanged !== undefined && !options.refang) {
      rejected.push({ line: original.line, issues: [{ path: 'url', message: `defanged URL; refanged it reads ${refanged} (run with --refang to import it so)` }] });
      continue;
    }
    const raw = refanged === undefined ? original : { ...original, fields: { ...original.fields, url: refanged } };
    const refangNote = refanged === undefined ? [] : [`refanged from ${String(cell).trim()}`];
    const result = validateImportRow(raw, unit);
    if (!result.ok) {
      rejected.push({ line: result.line, issues: result.issues });
      continue;
    }
    // The same URL rule the API applies (canonicalizable, public host), so a dry run finds these rows too.
    const checked = checkReportUrl(result.report.url);
    const linkIssues = checkReportLinks(result.report);
    if (!checked.ok || linkIssues.length > 0) {
      rejected.push({ line: result.line, issues: [...(checked.ok ? [] : [urlIssue('url', checked)]), ...linkIssues] });
      continue;
    }
    const { contentKey } = checked.canonical;
    const sameSubmission = firstLineOfSubmission.get(result.report.submissionId);
    if (sameSubmission !== undefined) {
      identical.push({ line: result.line, sameAsLine: sameSubmission, contentKey });
      continue;
    }
    firstLineOfSubmission.set(result.report.submissionId, result.line);
    const repeatsLine = firstLineOfContent.get(contentKey);
    if (repeatsLine === undefined) firstLineOfContent.set(contentKey, result.line);
    // The https:// form is sent when the cell had no scheme; the submission id stays the row's.
    // The import's name travels with the report, not in its submission id: the same row in a renamed file is the same report.
    const report = {
      ...result.report,
      ...(checked.url === result.report.url ? {} : { url: checked.url }),
      ...(options.importName === undefined ? {} : { importedFrom: { file: options.importName.slice(0, 255), line: result.line } }),
    };
    const notes = [...refangNote, ...checked.notes];
    rows.push({ line: result.line, report, contentKey, ...(repeatsLine === undefined ? {} : { repeatsLine }), ...(notes.length > 0 ? { notes } : {}) });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rows, identical, rejected, totalRows: file.rows.length + file.unreadable.length };
};
