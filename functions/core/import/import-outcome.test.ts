import { describe, expect, it } from 'vitest';
import { batchPlannedRows, dryRunCounts, importRowsOutcome, recordBatchAnswer } from './import-outcome';
import { planImport, type PlannedRow } from './import-plan';
import type { ReportBatchItemResult } from '../../contract/report-batch';

const file = {
  format: 'csv',
  rows: [
    { line: 2, fields: { url: 'https://t.me/s/outcome/1', category: 'propaganda' } },
    { line: 3, fields: { url: 'https://t.me/s/outcome/2', category: 'propaganda' } },
    { line: 4, fields: { url: 'https://t.me/s/outcome/1?utm_source=x', category: 'recruitment' } },
    { line: 5, fields: { url: 'https://t.me/s/outcome/3', category: 'propaganda' } },
    { line: 6, fields: { url: 'https://t.me/s/outcome/4', category: 'propaganda' } },
    { line: 7, fields: { url: 'https://t.me/s/outcome/5', category: 'nonsense' } },
  ],
  unreadable: [],
};

describe('importRowsOutcome', () => {
  const plan = planImport(file as Parameters<typeof planImport>[0], 'eu-iru');

  it('puts every planned row in one place: taken (new, retry, duplicate), rejected by line, or not sent with the reason', () => {
    expect(plan.rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6]);
    const outcomes = new Map<PlannedRow, ReportBatchItemResult>();
    const answers: ReportBatchItemResult[] = [
      { index: 0, status: 'accepted', submissionId: plan.rows[0]!.report.submissionId, firstSeen: true } as ReportBatchItemResult,
      { index: 1, status: 'processed', submissionId: plan.rows[1]!.report.submissionId, referralId: 'ref_000000000000000000000001' } as unknown as ReportBatchItemResult,
      { index: 2, status: 'accepted', submissionId: plan.rows[2]!.report.submissionId, firstSeen: true } as ReportBatchItemResult,
      { index: 3, status: 'rejected', issues: [{ path: 'url', message: 'refused' }] } as unknown as ReportBatchItemResult,
    ];
    recordBatchAnswer(outcomes, plan.rows.slice(0, 4), answers);
    const alreadyReferred = new Set([plan.rows[1]!.contentKey]);
    const rows = importRowsOutcome(plan, outcomes, { unanswered: 'stopped', alreadyReferred });
    expect(rows.taken.map(({ line, queuedNow, knownBefore, duplicate }) => ({ line, queuedNow, knownBefore, duplicate }))).toEqual([
      { line: 2, queuedNow: true, knownBefore: false, duplicate: undefined },
      { line: 3, queuedNow: false, knownBefore: true, duplicate: 'alreadyReferred' },
      { line: 4, queuedNow: true, knownBefore: false, duplicate: 'repeatInFile' },
    ]);
    expect(rows.rejected.map((row) => row.line)).toEqual([5, 7]);
    expect(rows.notSent).toEqual([{ line: 6, reason: 'stopped' }]);
    expect(dryRunCounts(plan)).toEqual({ accepted: 4, repeatInFile: 1 });
  });

  it('batches by count and by bytes, never an empty batch', () => {
    expect(batchPlannedRows(plan.rows, 2).map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(batchPlannedRows(plan.rows, 500, 1).map((batch) => batch.length)).toEqual([1, 1, 1, 1, 1]);
    expect(batchPlannedRows([], 2)).toEqual([]);
  });
});
