import type { IngestMessageV1 } from '../contract/ingest-message';
import type { Principal } from '../contract/principal';
import type { ReportV1 } from '../contract/report';
import type { ReportAccepted } from '../contract/responses';
import { outLinkReports } from '../core/beacons/out-links';
import { ingestQueueUrlFor, type ApiDependencies } from './api-env';

/**
 * A beacon post's out-links, each queued as a report of its own (posted in the post), like
 * any report: recorded as accepted, then sent to the ingest queue. Their submission ids are
 * name-based, so a retried post re-queues the same children, never new ones.
 */
export const queueOutLinks = async (deps: ApiDependencies, principal: Principal, parent: ReportV1, parentContentKey: string): Promise<Pick<ReportAccepted, 'outLinks'>> => {
  const { reports, skipped } = outLinkReports(parent, parentContentKey);
  if (reports.length === 0 && skipped.length === 0) return {};
  const results: NonNullable<ReportAccepted['outLinks']>['reports'] = [];
  for (const child of reports) {
    const submission = await deps.stores.submissions.recordAccepted({ submissionId: child.submissionId, unit: principal.unit, officerId: principal.officerId, acceptedAt: deps.now().toISOString() });
    if (submission.unit !== principal.unit) {
      results.push({ url: child.url, submissionId: child.submissionId, status: 'conflict' });
    } else if (submission.status !== 'accepted') {
      results.push({ url: child.url, submissionId: child.submissionId, status: 'processed', ...(submission.referralId ? { referralId: submission.referralId } : {}) });
    } else {
      const message: IngestMessageV1 = {
        type: 'report.accepted',
        version: 1,
        submissionId: child.submissionId,
        acceptedAt: submission.acceptedAt,
        submitter: { officerId: principal.officerId, unit: principal.unit },
        report: child,
      };
      await deps.queues.sendJson(ingestQueueUrlFor(deps, message.report), message, { submissionId: child.submissionId });
      results.push({ url: child.url, submissionId: child.submissionId, status: 'accepted' });
    }
  }
  return { outLinks: { reports: results, skipped } };
};
