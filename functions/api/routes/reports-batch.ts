import type { IngestMessageV1 } from '../../contract/ingest-message';
import { issuesFromZod } from '../../contract/api-error';
import { reportV1, type ReportV1 } from '../../contract/report';
import { custodyIssues } from '../custody';
import { checkReportLinks, checkReportUrl, urlIssue } from '../../core/report-url';
import {
  maxBatchBodyBytes,
  reportBatchRequest,
  type ReportBatchItemResult,
  type ReportBatchResponse,
} from '../../contract/report-batch';
import { allow, limitBody, type ApiApp, type ApiDependencies } from '../api-env';
import { ingestLaneFor } from '../../core/ingest-lane';
import { readJsonBody } from '../http-errors';
import { queueOutLinks } from '../out-links';

/**
 * `POST /v1/reports:batch` (Google AIP-136 custom-method style). In Hono a colon
 * starts a parameter, so the path is a parameter whose pattern only matches the
 * literal `reports:batch`; `/v1/reports` and anything else fall through.
 */
export const reportsBatchPath = '/v1/:method{reports:batch}';

/** Conditional writes in flight at once for one batch: enough to hide round trips, few enough not to flood a table. */
const writeConcurrency = 16;

const forEachLimit = async <T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

interface ValidItem {
  index: number;
  report: ReportV1;
  /** https:// assumed, a fragment dropped: told back with the result. */
  notes: string[];
}

export const registerReportBatchRoute = (app: ApiApp, deps: ApiDependencies): void => {
  app.post(reportsBatchPath, limitBody(maxBatchBodyBytes), async (c) => {
    const denied = allow(c, 'POST /v1/reports:batch');
    if (denied) return denied;
    const body = await readJsonBody(c, reportBatchRequest);
    if (!body.ok) return body.response;
    const principal = c.get('principal');
    const results: ReportBatchItemResult[] = new Array(body.data.reports.length);

    // Each report is validated on its own, so one bad row does not sink the other 499.
    const valid: ValidItem[] = [];
    const firstIndexOf = new Map<string, number>();
    body.data.reports.forEach((candidate, index) => {
      const parsed = reportV1.safeParse(candidate);
      if (!parsed.success) {
        const submissionId = (candidate as { submissionId?: unknown } | null)?.submissionId;
        results[index] = {
          index,
          status: 'rejected',
          ...(typeof submissionId === 'string' ? { submissionId: submissionId.slice(0, 100) } : {}),
          code: 'invalid_report',
          issues: issuesFromZod(parsed.error).slice(0, 20),
        };
        return;
      }
      // As for a single report: a URL the pipeline cannot canonicalize or that is not public is refused now.
      const urlCheck = checkReportUrl(parsed.data.url);
      const urlIssues = [
        ...(urlCheck.ok ? [] : [urlIssue('url', urlCheck)]),
        ...checkReportLinks(parsed.data),
        ...custodyIssues(parsed.data, principal),
      ];
      if (urlIssues.length > 0) {
        results[index] = {
          index,
          status: 'rejected',
          submissionId: parsed.data.submissionId,
          code: 'invalid_report',
          issues: urlIssues,
        };
        return;
      }
      const earlier = firstIndexOf.get(parsed.data.submissionId);
      if (earlier !== undefined) {
        // Two reports under one id in one request is a client bug, not a retry: say which.
        results[index] = {
          index,
          status: 'rejected',
          submissionId: parsed.data.submissionId,
          code: 'invalid_report',
          issues: [{ path: 'submissionId', message: `repeats the submissionId of report ${earlier} in this batch`, code: 'repeated_submission_id' }],
        };
        return;
      }
      firstIndexOf.set(parsed.data.submissionId, index);
      // The https:// form is what gets queued when the URL came without a scheme.
      valid.push(urlCheck.ok ? { index, report: { ...parsed.data, url: urlCheck.url }, notes: urlCheck.notes } : { index, report: parsed.data, notes: [] });
    });

    const toQueue: { item: ValidItem; acceptedAt: string; firstSeen: boolean }[] = [];
    const acceptedAt = deps.now().toISOString();
    await forEachLimit(valid, writeConcurrency, async (item) => {
      const submission = await deps.stores.submissions.recordAccepted({
        submissionId: item.report.submissionId,
        unit: principal.unit,
        officerId: principal.officerId,
        acceptedAt,
      });
      if (submission.unit !== principal.unit) {
        results[item.index] = {
          index: item.index,
          status: 'rejected',
          submissionId: item.report.submissionId,
          code: 'conflict',
          issues: [{ path: 'submissionId', message: 'this submissionId belongs to another unit' }],
        };
      } else if (submission.status !== 'accepted') {
        results[item.index] = {
          index: item.index,
          status: 'processed',
          submissionId: submission.submissionId,
          ...(submission.referralId ? { referralId: submission.referralId } : {}),
        };
      } else {
        // A retry keeps the first acceptance time (so latency counts from the first try); a
        // stored time other than ours means an earlier request accepted it.
        toQueue.push({ item, acceptedAt: submission.acceptedAt, firstSeen: submission.acceptedAt === acceptedAt && submission.officerId === principal.officerId });
      }
    });

    // As for a single report: queued again on every retry until processed; the process stage is
    // idempotent. Each report goes to its ingest lane's queue (a threat to life never waits behind the rest).
    const failed = new Map<string, string>();
    for (const lane of ['urgent', 'ingest'] as const) {
      const inLane = toQueue.filter(({ item }) => ingestLaneFor(item.report) === lane);
      if (inLane.length === 0) continue;
      const laneFailed = await deps.queues.sendJsonBatch(
        deps.ingestQueueUrls[lane],
        inLane.map(({ item, acceptedAt: firstAcceptedAt }) => {
          const message: IngestMessageV1 = {
            type: 'report.accepted',
            version: 1,
            submissionId: item.report.submissionId,
            acceptedAt: firstAcceptedAt,
            submitter: { officerId: principal.officerId, unit: principal.unit },
            report: item.report,
          };
          return { id: String(item.index), body: message, attributes: { submissionId: item.report.submissionId } };
        }),
      );
      for (const [id, reason] of laneFailed) failed.set(id, reason);
    }
    for (const { item, firstSeen } of toQueue) {
      const reason = failed.get(String(item.index));
      results[item.index] =
        reason === undefined
          ? { index: item.index, status: 'accepted', submissionId: item.report.submissionId, firstSeen, ...(item.notes.length > 0 ? { notes: item.notes } : {}) }
          : { index: item.index, status: 'failed', submissionId: item.report.submissionId, message: `not queued (${reason.slice(0, 200)}); resend this report` };
    }

    // A beacon post's out-links, as for a single report: each its own report, once the post is queued.
    for (const { item } of toQueue) {
      const result = results[item.index];
      if (result?.status !== 'accepted' || item.report.outLinks === undefined) continue;
      const parent = checkReportUrl(item.report.url);
      if (parent.ok) Object.assign(result, await queueOutLinks(deps, principal, item.report, parent.canonical.contentKey));
    }

    const counts = { accepted: 0, processed: 0, rejected: 0, failed: 0 };
    for (const result of results) counts[result.status] += 1;
    deps.log('info', 'report batch', { unit: principal.unit, ...counts });
    return c.json<ReportBatchResponse>({ counts, results }, 200);
  });
};
