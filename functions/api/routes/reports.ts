import { reportV1 } from '../../contract/report';
import { queueOutLinks } from '../out-links';
import { custodyIssues } from '../custody';
import { checkReportLinks, checkReportUrl, urlIssue } from '../../core/report-url';
import type { ReportAccepted } from '../../contract/responses';
import type { IngestMessageV1 } from '../../contract/ingest-message';
import { allow, ingestQueueUrlFor, limitBody, maxBodyBytes, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';
import { toSubmissionStatus } from '../referral-view';
import * as z from 'zod';

const submissionIdParam = z.uuid();

export const registerReportRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.post('/v1/reports', limitBody(maxBodyBytes), async (c) => {
    const denied = allow(c, 'POST /v1/reports');
    if (denied) return denied;
    const body = await readJsonBody(c, reportV1);
    if (!body.ok) return body.response;
    // A URL the pipeline could not canonicalize (odd IP forms, bad hosts) or that is not
    // public content is refused now, with its reason, rather than accepted and rejected later.
    const urlCheck = checkReportUrl(body.data.url);
    const urlIssues = [...(urlCheck.ok ? [] : [urlIssue('url', urlCheck)]), ...checkReportLinks(body.data)];
    if (urlIssues.length > 0) {
      return errorResponse(c, 400, 'invalid_body', `invalid fields: ${urlIssues.map((i) => i.path).join(', ')}`, urlIssues);
    }
    // The https:// form is what gets queued when the URL came without a scheme.
    const report = urlCheck.ok ? { ...body.data, url: urlCheck.url } : body.data;
    const notes = urlCheck.ok && urlCheck.notes.length > 0 ? { notes: urlCheck.notes } : {};
    const principal = c.get('principal');
    const custody = custodyIssues(body.data, principal);
    if (custody.length > 0) {
      return errorResponse(c, 400, 'invalid_body', `invalid fields: ${custody.map((i) => i.path).join(', ')}`, custody);
    }
    const acceptedAt = deps.now().toISOString();
    const submission = await deps.stores.submissions.recordAccepted({
      submissionId: body.data.submissionId,
      unit: principal.unit,
      officerId: principal.officerId,
      acceptedAt,
    });
    if (submission.unit !== principal.unit) {
      return errorResponse(c, 409, 'conflict', 'this submissionId belongs to another unit');
    }
    if (submission.status !== 'accepted') {
      const outLinks = urlCheck.ok ? await queueOutLinks(deps, principal, report, urlCheck.canonical.contentKey) : {};
      const answer: ReportAccepted = { submissionId: submission.submissionId, status: 'processed', ...(submission.referralId ? { referralId: submission.referralId } : {}), ...notes, ...outLinks };
      return c.json(answer, 200);
    }
    const message: IngestMessageV1 = {
      type: 'report.accepted',
      version: 1,
      submissionId: body.data.submissionId,
      acceptedAt: submission.acceptedAt,
      submitter: { officerId: principal.officerId, unit: principal.unit },
      report,
    };
    // Enqueued on every retry until processed: the process stage is idempotent per submission.
    await deps.queues.sendJson(ingestQueueUrlFor(deps, message.report), message, { submissionId: message.submissionId });
    deps.log('info', 'report accepted', { submissionId: message.submissionId, unit: principal.unit });
    const outLinks = urlCheck.ok ? await queueOutLinks(deps, principal, report, urlCheck.canonical.contentKey) : {};
    return c.json<ReportAccepted>({ submissionId: message.submissionId, status: 'accepted', ...notes, ...outLinks }, 202);
  });

  app.get('/v1/submissions/:id', async (c) => {
    const denied = allow(c, 'GET /v1/submissions/{id}');
    if (denied) return denied;
    const id = submissionIdParam.safeParse(c.req.param('id'));
    if (!id.success) return errorResponse(c, 400, 'invalid_query', 'submission id must be a UUID', [{ path: 'id', message: 'not a UUID' }]);
    const submission = await deps.stores.submissions.get(id.data);
    const principal = c.get('principal');
    // Another unit's submission is answered as unknown: its existence is not ours to reveal.
    if (!submission || (submission.unit !== principal.unit && !principal.roles.includes('admin'))) {
      return errorResponse(c, 404, 'not_found', 'no such submission in your unit');
    }
    return c.json(toSubmissionStatus(submission));
  });

};
