import type { ApiIssue, ReportV1, ReportBatchResponse } from '../contract';
import { t } from '../i18n';
import { batchPlannedRows, dryRunCounts, importRowsOutcome, planImport, recordBatchAnswer, type ImportPlan, type PlannedRow, importColumns, readNdjson, unknownColumns, type FileProblem, type RawRow, type ReadFileResult } from '../shared-rules';

/**
 * The dashboard's bulk upload, on the page side. Rows are validated and given their
 * submission ids by the same code as the import CLI (functions/core/import/: planImport,
 * validateImportRow, importSubmissionId), so a file half-imported with the CLI and finished
 * here, or re-uploaded after an interruption, sends the same ids and creates no duplicates.
 * Only reading the file is done here: the CLI reads CSV with csv-parse, which is Node-only.
 */

/** Columns the import format allows, straight from the shared row schema. */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180: fields separated by commas, records by CRLF (LF accepted), fields in double
 * quotes may hold commas, line breaks and doubled quotes. A quote left open is reported
 * with the line it opened on; blank lines are skipped as csv-parse's skip_empty_lines does.
 */
export const parseCsv = (text: string): { records: CsvRecord[]; problems: FileProblem[] } => {
  const source = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  const problems: FileProblem[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteOpenedAt = 0;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !fieldStarted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i] as string;
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      quoteOpenedAt = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\r' && source[i + 1] === '\n') {
      // The \n that follows ends the record.
    } else if (c === '\n') {
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) {
    problems.push({ line: quoteOpenedAt, message: t('uploadCsvQuoteNotClosed') });
  } else if (field !== '' || fields.length > 0 || fieldStarted) {
    endRecord();
  }
  return { records, problems };
};


const readCsv = (text: string): ReadFileResult => {
  const { records, problems } = parseCsv(text);
  const [header, ...body] = records;
  if (!header) return { ok: false, message: t('uploadFileEmpty') };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  // A misspelt column would silently drop a field from every row: refuse the file instead.
  const unknown = unknownColumns(names);
  if (unknown.length > 0) return { ok: false, message: t('uploadUnknownColumns', unknown.join(', '), importColumns.join(', ')) };
  if (!names.includes('url') || !names.includes('category')) return { ok: false, message: t('uploadHeaderNeedsUrlCategory') };
  const rows: RawRow[] = [];
  const unreadable = [...problems];
  for (const record of body) {
    if (record.fields.length !== names.length) {
      unreadable.push({ line: record.line, message: t('uploadFieldCount', names.length, record.fields.length) });
      continue;
    }
    rows.push({ line: record.line, fields: Object.fromEntries(names.map((name, i) => [name, record.fields[i]])) });
  }
  return { ok: true, file: { format: 'csv', rows, unreadable: unreadable.sort((a, b) => a.line - b.line) } };
};

/** By extension first; otherwise an NDJSON file starts with `{`, a CSV file with its header (as referral-file.ts). */
export const readUploadFile = (fileName: string, text: string): ReadFileResult => {
  const lower = fileName.toLowerCase();
  const ndjson = lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || (!lower.endsWith('.csv') && text.replace(/^\uFEFF/, '').trimStart().startsWith('{'));
  return ndjson ? readNdjson(text) : readCsv(text);
};

export const planUpload = (fileName: string, text: string, unit: string): { ok: true; plan: ImportPlan; format: string } | { ok: false; message: string } => {
  const read = readUploadFile(fileName, text);
  if (!read.ok) return read;
  return { ok: true, plan: planImport(read.file, unit), format: read.file.format };
};

/**
 * Keeps a batch under the API's limits: at most maxBatchReports reports, and well under its
 * 5 MB body; the same batches as the CLI makes.
 */
export const batchRows = batchPlannedRows;

/**
 * What the officer sees after an upload. Every row of the file is in exactly one bucket:
 * - accepted: taken by the API for the first time;
 * - alreadyImported: the API knew the submission id (an earlier, interrupted upload): a retry, no new report;
 * - duplicates: rows repeating an earlier row's content (filed as another report on the same
 *   referral) or identical to an earlier row (the same report, not sent twice);
 * - rejected: refused here or by the API, with line and reasons;
 * - notSent: not answered (interrupted, or the API failed them): upload the same file again.
 */
export interface UploadSummary {
  dryRun: boolean;
  rows: number;
  accepted: number;
  alreadyImported: number;
  duplicates: { total: number; repeatInFile: number; identicalRow: number };
  rejected: { line: number; issues: ApiIssue[] }[];
  notSent: { line: number; reason: string }[];
}

/** The summary of a dry run: what would be sent, validated exactly as the API will. */
export const dryRunSummary = (plan: ImportPlan): UploadSummary => {
  const { accepted, repeatInFile } = dryRunCounts(plan);
  return {
    dryRun: true,
    rows: plan.totalRows,
    accepted,
    alreadyImported: 0,
    duplicates: { total: repeatInFile + plan.identical.length, repeatInFile, identicalRow: plan.identical.length },
    rejected: plan.rejected,
    notSent: [],
  };
};

export interface UploadProgress {
  sent: number;
  total: number;
  batches: number;
}

export interface UploadDeps {
  /** Sends one batch through the background (dashboard.import). */
  sendBatch: (reports: ReportV1[]) => Promise<ReportBatchResponse>;
  onProgress?: (progress: UploadProgress) => void;
  /** Stops before the next batch; rows not sent are listed in notSent. */
  signal?: AbortSignal;
}

/** Sends the planned rows batch by batch, one at a time (two shared cores on a laptop: no flood), and sums up. */
export const runUpload = async (plan: ImportPlan, deps: UploadDeps): Promise<UploadSummary> => {
  const outcome = new Map<PlannedRow, ReportBatchResponse['results'][number]>();
  const batches = batchRows(plan.rows);
  let stopReason: string | undefined;
  let sent = 0;
  let done = 0;
  deps.onProgress?.({ sent, total: plan.rows.length, batches: done });
  for (const batch of batches) {
    if (deps.signal?.aborted) {
      stopReason = t('uploadStoppedBeforeRow');
      break;
    }
    try {
      const answer = await deps.sendBatch(batch.map((row) => row.report));
      recordBatchAnswer(outcome, batch, answer.results);
    } catch (error) {
      stopReason = error instanceof Error ? error.message : String(error);
      break;
    }
    sent += batch.length;
    done += 1;
    deps.onProgress?.({ sent, total: plan.rows.length, batches: done });
  }
  // An upload has no lookup of referrals outside the file: alreadyImported is a bucket of its own here.
  const rows = importRowsOutcome(plan, outcome, { unanswered: stopReason ?? t('uploadNotAnswered') });
  const fresh = rows.taken.filter((row) => !row.knownBefore);
  const repeatInFile = fresh.filter((row) => row.duplicate === 'repeatInFile').length;
  const summary: UploadSummary = {
    dryRun: false,
    rows: plan.totalRows,
    accepted: fresh.length - repeatInFile,
    alreadyImported: rows.taken.length - fresh.length,
    duplicates: { total: repeatInFile + plan.identical.length, repeatInFile, identicalRow: plan.identical.length },
    rejected: rows.rejected,
    notSent: rows.notSent,
  };
  return summary;
};
