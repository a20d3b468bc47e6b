import type { ApiIssue } from '../../contract/api-error';

/**
 * What an import did, line by line. Every row lands in exactly one of accepted,
 * duplicates, rejected or notSent, so they add up to the rows of the file:
 * - accepted: valid rows of content that is new (first row of its content in the file,
 *   and no referral for it existed outside this file), taken by the API.
 * - duplicates: valid rows whose content (canonical URL -> content key) repeats an earlier
 *   row of the file, or that was already referred by reports that are not rows of this
 *   file (GET /v1/lookup). They are still filed, as reports on the existing referral, except
 *   a row identical to an earlier one, which is the same report and is not sent twice.
 * - rejected: rows the client or the API refused, with line and reasons.
 * - notSent: valid rows not taken (interrupted, or the API failed them): re-run to send them.
 */
export interface ImportSummary {
  file: string;
  format: string;
  unit: string;
  dryRun: boolean;
  rows: number;
  accepted: number;
  duplicates: { total: number; repeatInFile: number; identicalRow: number; alreadyReferred: number };
  rejected: { line: number; issues: ApiIssue[] }[];
  notSent: { line: number; reason: string }[];
  /** Rows taken with an assumption the officer should know of (no scheme: https:// assumed). */
  notes?: { line: number; notes: string[] }[];
  /** Rows the API already knew from an earlier run (retries by submission id). */
  alreadyImported: number;
  /**
   * Referrals this run created, as the API reports them once the pipeline has processed the
   * rows (a re-run creates none); in a dry run, the referrals the file's new content would create.
   */
  newReferrals: number;
  /** Rows queued by this run that the pipeline had not processed when the import stopped waiting: not in newReferrals. */
  stillProcessing: number;
  interrupted: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const formatSummary = (summary: ImportSummary, maxListed = 50): string => {
  const d = summary.duplicates;
  const lines = [
    `${summary.dryRun ? 'Dry run of' : 'Import of'} ${summary.file} (${summary.format}, ${plural(summary.rows, 'row')}) for unit ${summary.unit}${summary.interrupted ? ' - INTERRUPTED' : ''}`,
    `  accepted    ${String(summary.accepted).padStart(6)}  ${summary.dryRun ? 'valid rows of new content' : `new content, ${plural(summary.newReferrals, 'new referral')}`}`,
    `  duplicates  ${String(d.total).padStart(6)}  ${d.repeatInFile} repeat an earlier row's content, ${d.identicalRow} identical to an earlier row (not sent), ${summary.dryRun ? 'existing referrals not checked in a dry run' : `${d.alreadyReferred} already referred`}`,
    `  rejected    ${String(summary.rejected.length).padStart(6)}`,
  ];
  for (const row of summary.rejected.slice(0, maxListed)) {
    lines.push(`    line ${row.line}: ${row.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
  if (summary.rejected.length > maxListed) lines.push(`    ... and ${summary.rejected.length - maxListed} more (--json lists them all)`);
  if (summary.notSent.length > 0) {
    lines.push(`  not sent    ${String(summary.notSent.length).padStart(6)}  re-run the same command to send them (safe: rows keep their submission ids)`);
    for (const row of summary.notSent.slice(0, 10)) lines.push(`    line ${row.line}: ${row.reason}`);
  }
  if (summary.notes !== undefined && summary.notes.length > 0) {
    lines.push(`  notes       ${String(summary.notes.length).padStart(6)}`);
    for (const row of summary.notes.slice(0, maxListed)) lines.push(`    line ${row.line}: ${row.notes.join('; ')}`);
    if (summary.notes.length > maxListed) lines.push(`    ... and ${summary.notes.length - maxListed} more (--json lists them all)`);
  }
  if (summary.stillProcessing > 0) {
    lines.push(`  (${plural(summary.stillProcessing, 'row')} still being processed when the import stopped waiting: the referrals they create are not counted above)`);
  }
  if (summary.alreadyImported > 0) lines.push(`  (${plural(summary.alreadyImported, 'row')} had already been imported by an earlier run; the API treated them as retries)`);
  return lines.join('\n');
};
