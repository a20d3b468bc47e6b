import type { ApiIssue } from '../../contract/api-error';
import { maxBatchReports, type ReportBatchItemResult } from '../../contract/report-batch';
import type { ImportPlan, PlannedRow } from './import-plan';

/**
 * From the API's batch answers back to the rows of the file, one mapping for both importers
 * (`npm run import`, infra/local/import-client.ts, and the dashboard's upload,
 * extension/utils/dashboard/upload.ts), so a file counts the same wherever it is imported.
 */

/** Well under the API's 5 MB body (maxBatchBodyBytes), leaving room for the envelope and long selected texts. */
export const maxImportBatchBytes = 4 * 1024 * 1024;

/** Consecutive rows in batches the API takes: at most `size` (and maxBatchReports) reports, and under `maxBytes` of JSON. */
export const batchPlannedRows = (rows: readonly PlannedRow[], size: number = maxBatchReports, maxBytes: number = maxImportBatchBytes): PlannedRow[][] => {
  const batches: PlannedRow[][] = [];
  let batch: PlannedRow[] = [];
  let bytes = 0;
  const encoder = new TextEncoder();
  for (const row of rows) {
    const rowBytes = encoder.encode(JSON.stringify(row.report)).byteLength;
    if (batch.length === Math.min(size, maxBatchReports) || (batch.length > 0 && bytes + rowBytes > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += rowBytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
};

/** Records each batch's answers against the rows it sent (the API answers by index in the batch). */
export const recordBatchAnswer = (outcomes: Map<PlannedRow, ReportBatchItemResult>, batch: readonly PlannedRow[], results: readonly ReportBatchItemResult[]): void => {
  for (const result of results) {
    const row = batch[result.index];
    if (row) outcomes.set(row, result);
  }
};

/** A row the API took: new now, or a retry it already had. */
export interface TakenRow {
  line: number;
  submissionId: string;
  /** Accepted in this run (queued for processing now), not answered from an earlier run. */
  queuedNow: boolean;
  /** The API already had this submission id (an earlier, interrupted import): a retry, no new report. */
  knownBefore: boolean;
  /** Content already seen: an earlier row of the file, or a referral from reports outside the file. */
  duplicate?: 'repeatInFile' | 'alreadyReferred';
}

export interface ImportRowsOutcome {
  taken: TakenRow[];
  /** Refused here (the plan) or by the API, by line. */
  rejected: { line: number; issues: ApiIssue[] }[];
  /** Not answered, or failed by the API: importing the same file again sends them. */
  notSent: { line: number; reason: string }[];
}

/**
 * Where every planned row of the file ended, given the API's answers. `unanswered` is why rows
 * without an answer were not sent (the error that stopped the run, or an interruption);
 * `alreadyReferred` holds content keys referred by reports outside this file.
 */
export const importRowsOutcome = (
  plan: ImportPlan,
  outcomes: ReadonlyMap<PlannedRow, ReportBatchItemResult>,
  options: { unanswered: string; alreadyReferred?: ReadonlySet<string> },
): ImportRowsOutcome => {
  const taken: TakenRow[] = [];
  const rejected = [...plan.rejected];
  const notSent: ImportRowsOutcome['notSent'] = [];
  for (const row of plan.rows) {
    const result = outcomes.get(row);
    if (result === undefined || result.status === 'failed') {
      notSent.push({ line: row.line, reason: result?.status === 'failed' ? result.message : options.unanswered });
    } else if (result.status === 'rejected') {
      rejected.push({ line: row.line, issues: result.issues });
    } else {
      const duplicate = row.repeatsLine !== undefined ? 'repeatInFile' : options.alreadyReferred?.has(row.contentKey) ? 'alreadyReferred' : undefined;
      taken.push({
        line: row.line,
        submissionId: row.report.submissionId,
        queuedNow: result.status === 'accepted',
        knownBefore: result.status === 'processed' || !result.firstSeen,
        ...(duplicate === undefined ? {} : { duplicate }),
      });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { taken, rejected, notSent };
};

/** A dry run's counts: valid rows of new content, and rows repeating an earlier row's content. */
export const dryRunCounts = (plan: ImportPlan): { accepted: number; repeatInFile: number } => {
  const repeatInFile = plan.rows.filter((row) => row.repeatsLine !== undefined).length;
  return { accepted: plan.rows.length - repeatInFile, repeatInFile };
};
