import type * as z from 'zod';
import { apiError } from '../../functions/contract/api-error';
import { maxBatchReports, reportBatchResponse, type ReportBatchItemResult } from '../../functions/contract/report-batch';
import { lookupResult, submissionStatus } from '../../functions/contract/responses';
import { batchPlannedRows, dryRunCounts, importRowsOutcome, recordBatchAnswer } from '../../functions/core/import/import-outcome';
import { planImport, type PlannedRow } from '../../functions/core/import/import-plan';
import type { ImportSummary } from '../../functions/core/import/import-summary';
import { readReferralFile } from '../../functions/core/import/referral-file';

export interface ImportOptions {
  fileName: string;
  text: string;
  unit: string;
  dryRun: boolean;
  apiUrl: string;
  token: string;
  /** Reports per POST /v1/reports:batch (at most the API's limit). */
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Stops sending new batches (Ctrl-C); batches in flight finish and are counted. */
  signal?: AbortSignal;
  onProgress?: (progress: { phase: 'checking' | 'sending'; done: number; total: number }) => void;
  /** Called after each batch the API answered (tests interrupt an import with it). */
  onBatch?: (batchNumber: number) => void;
  /** Take defanged URLs (hxxps://t[.]me/...) in their refanged form; without it they are refused with that form offered. */
  refang?: boolean;
  /** How long to wait for the pipeline to process the queued rows before counting the referrals they created. */
  settleTimeoutMs?: number;
}

export class ImportError extends Error {}

export interface ImportResult {
  summary: ImportSummary;
  /** Rows the API took (accepted or already processed), with their submission ids. */
  sent: { line: number; submissionId: string }[];
}

const lookupConcurrency = 8;

const mapLimit = async <T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** Every answer is checked against the contract: a proxy's HTML error page must not become a count. */
const callApi = async <S extends z.ZodType>(options: ImportOptions, path: string, schema: S, init: RequestInit = {}): Promise<{ status: number; body?: z.infer<S> }> => {
  let lastError = '';
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    try {
      const response = await fetch(`${options.apiUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${options.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
      const json: unknown = await response.json().catch(() => undefined);
      if (response.status === 404) return { status: 404 };
      if (response.ok) {
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw new ImportError(`unexpected answer from ${path}: ${parsed.error.message.slice(0, 200)}`);
        return { status: response.status, body: parsed.data };
      }
      const error = apiError.safeParse(json);
      const message = error.success ? `${error.data.error.code}: ${error.data.error.message}` : `HTTP ${response.status}`;
      // A client error will not heal by retrying (bad token, wrong role): stop with its reason.
      if (response.status < 500 && response.status !== 429) throw new ImportError(`${init.method ?? 'GET'} ${path} refused (${message})`);
      lastError = message;
    } catch (error) {
      if (error instanceof ImportError) throw error;
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
  }
  throw new ImportError(`${init.method ?? 'GET'} ${path} failed after retries (${lastError})`);
};

/**
 * Content keys already referred by reports that are not rows of this file. A re-run
 * finds its own earlier rows referred; counting them as duplicates would make the
 * summary depend on whether the import was interrupted, so the referral counts as
 * existing only when its report count exceeds this file's rows of that content that the
 * API already knows (accepted or processed: a report is counted on the referral before
 * its submission is marked processed, so processed alone would undercount).
 */
const findAlreadyReferred = async (options: ImportOptions, rows: PlannedRow[]): Promise<Set<string>> => {
  const rowsByKey = new Map<string, PlannedRow[]>();
  for (const row of rows) rowsByKey.set(row.contentKey, [...(rowsByKey.get(row.contentKey) ?? []), row]);
  const keys = [...rowsByKey.keys()];
  let done = 0;
  const referred = new Set<string>();
  await mapLimit(keys, lookupConcurrency, async (key) => {
    const sameContent = rowsByKey.get(key) ?? [];
    const first = sameContent[0] as PlannedRow;
    const lookup = await callApi(options, `/v1/lookup?url=${encodeURIComponent(first.report.url)}`, lookupResult);
    if (lookup.body?.referred) {
      const referralId = lookup.body.referralId;
      const own = await mapLimit(sameContent, 2, async (row) => {
        const status = await callApi(options, `/v1/submissions/${row.report.submissionId}`, submissionStatus);
        const known = status.body?.status === 'accepted' || (status.body?.status === 'processed' && status.body.referralId === referralId);
        return known ? 1 : 0;
      });
      if (lookup.body.reportCount > own.reduce((a: number, b: number) => a + b, 0)) referred.add(key);
    }
    done += 1;
    options.onProgress?.({ phase: 'checking', done, total: keys.length });
  });
  return referred;
};

/**
 * The referrals the queued rows created, as the API tells it: a row's submission, once
 * processed, says whether its report found the content already referred
 * (`duplicateOfExisting`). Counting rows instead would call a re-run's rows new again.
 */
const countCreatedReferrals = async (options: ImportOptions, submissionIds: string[]): Promise<{ created: number; stillProcessing: number }> => {
  const deadline = Date.now() + (options.settleTimeoutMs ?? 60_000);
  let pending = submissionIds;
  let created = 0;
  while (pending.length > 0) {
    const statuses = await mapLimit(pending, lookupConcurrency, (id) => callApi(options, `/v1/submissions/${id}`, submissionStatus));
    const waiting: string[] = [];
    statuses.forEach((status, i) => {
      if (status.body?.status === 'processed') created += status.body.duplicateOfExisting === false ? 1 : 0;
      else if (status.body?.status !== 'rejected') waiting.push(pending[i] as string);
    });
    pending = waiting;
    if (pending.length === 0 || Date.now() > deadline || options.signal?.aborted) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { created, stillProcessing: pending.length };
};

/**
 * Imports a referral file: validates every row, checks existing referrals, and sends the
 * rows in batches to POST /v1/reports:batch. Safe to re-run: each row keeps its
 * submission id, so rows the API already took are retries, never second reports.
 */
export const runImport = async (options: ImportOptions): Promise<ImportResult> => {
  const read = readReferralFile(options.fileName, options.text);
  if (!read.ok) throw new ImportError(read.message);
  const plan = planImport(read.file, options.unit, { refang: options.refang ?? false, importName: options.fileName });
  const summary: ImportSummary = {
    file: options.fileName,
    format: read.file.format,
    unit: options.unit,
    dryRun: options.dryRun,
    rows: plan.totalRows,
    accepted: 0,
    duplicates: { total: 0, repeatInFile: 0, identicalRow: plan.identical.length, alreadyReferred: 0 },
    rejected: [...plan.rejected],
    notSent: [],
    notes: plan.rows.flatMap((row) => (row.notes === undefined ? [] : [{ line: row.line, notes: row.notes }])),
    alreadyImported: 0,
    newReferrals: 0,
    stillProcessing: 0,
    interrupted: false,
  };
  if (options.dryRun) {
    const counts = dryRunCounts(plan);
    summary.duplicates.repeatInFile = counts.repeatInFile;
    summary.accepted = counts.accepted;
    summary.newReferrals = summary.accepted;
    summary.duplicates.total = summary.duplicates.repeatInFile + summary.duplicates.identicalRow;
    return { summary, sent: [] };
  }

  const alreadyReferred = await findAlreadyReferred(options, plan.rows);
  const batchSize = Math.min(options.batchSize ?? 100, maxBatchReports);
  const batches = batchPlannedRows(plan.rows, batchSize);
  const outcome = new Map<PlannedRow, ReportBatchItemResult>();
  let rowsSent = 0;
  let batchNumber = 0;
  let stopReason: string | undefined;
  const queue = [...batches];
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      if (options.signal?.aborted || stopReason) return;
      try {
        const answer = await callApi(options, '/v1/reports:batch', reportBatchResponse, {
          method: 'POST',
          body: JSON.stringify({ reports: batch.map((row) => row.report) }),
        });
        recordBatchAnswer(outcome, batch, answer.body?.results ?? []);
      } catch (error) {
        stopReason = (error as Error).message;
        return;
      }
      rowsSent += batch.length;
      batchNumber += 1;
      options.onProgress?.({ phase: 'sending', done: rowsSent, total: plan.rows.length });
      options.onBatch?.(batchNumber);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));

  const rows = importRowsOutcome(plan, outcome, { unanswered: stopReason ?? 'interrupted before it was sent', alreadyReferred });
  summary.rejected = rows.rejected;
  summary.notSent = rows.notSent;
  const sent: ImportResult['sent'] = rows.taken.map(({ line, submissionId }) => ({ line, submissionId }));
  const queuedNow = rows.taken.filter((row) => row.queuedNow).map((row) => row.submissionId);
  summary.alreadyImported = rows.taken.filter((row) => row.knownBefore).length;
  summary.duplicates.repeatInFile = rows.taken.filter((row) => row.duplicate === 'repeatInFile').length;
  summary.duplicates.alreadyReferred = rows.taken.filter((row) => row.duplicate === 'alreadyReferred').length;
  summary.accepted = rows.taken.filter((row) => row.duplicate === undefined).length;
  summary.duplicates.total = summary.duplicates.repeatInFile + summary.duplicates.identicalRow + summary.duplicates.alreadyReferred;
  const counted = await countCreatedReferrals(options, queuedNow);
  summary.newReferrals = counted.created;
  summary.stillProcessing = counted.stillProcessing;
  summary.interrupted = summary.notSent.length > 0;
  return { summary, sent };
};
