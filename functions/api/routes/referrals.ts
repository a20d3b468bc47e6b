import type { LookupResult } from '../../contract/responses';
import { canonicalizeUrl } from '../../core/canonical-url/canonical-url';
import { holdKeysOfContent, holdKeysOfIndicators, holdKeysOfReferral } from '../../core/holds/operational-hold';
import { holdNotices } from '../hold-refusal';
import { isReferralId, referralIdFor } from '../../core/referral-id';
import { mayUseOnPlatform } from '../access-policy';
import { allow, ingestQueueUrlFor, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse, readJsonBody } from '../http-errors';
import * as z from 'zod';
import type { IngestMessageV1 } from '../../contract/ingest-message';
import { checkReportUrl } from '../../core/report-url';
import { outLinkSubmissionId } from '../../core/beacons/out-links';
import { toReferralView } from '../referral-view';

export const registerReferralRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/referrals/:id', async (c) => {
    const denied = allow(c, 'GET /v1/referrals/{id}');
    if (denied) return denied;
    const id = c.req.param('id');
    if (!isReferralId(id)) return errorResponse(c, 400, 'invalid_query', 'referral id must look like ref_<24 hex>', [{ path: 'id', message: 'malformed' }]);
    const referral = await deps.stores.referrals.get(id);
    if (!referral || !mayUseOnPlatform(c.get('principal'), 'GET /v1/referrals/{id}', referral.platform)) {
      return errorResponse(c, 404, 'not_found', 'no such referral');
    }
    // A linked referral on a platform the principal may not see is left out, as it is from every other read.
    const linked = await deps.stores.referrals.listPostedIn(id);
    const children = await Promise.all(linked.map(async (link) => ({ link, child: await deps.stores.referrals.get(link.childReferralId) })));
    const outLinks = children.flatMap(({ link, child }) =>
      child && mayUseOnPlatform(c.get('principal'), 'GET /v1/referrals/{id}', child.platform)
        ? [{ referralId: child.referralId, url: child.url, platform: child.platform, status: child.status, linkedAt: link.linkedAt }]
        : [],
    );
    const holds = await holdNotices(deps, holdKeysOfReferral(referral), c.get('principal'));
    return c.json({ ...toReferralView(referral, c.get('principal')), ...(outLinks.length > 0 ? { outLinks } : {}), ...(holds.length > 0 ? { holds } : {}) });
  });

  /**
   * A short link only the platform can resolve (labelled `short-link: unresolved`) gets the URL it
   * resolves to as a report of its own, linked to the short link's referral like an out-link of a
   * post. The submission id is named by the referral and the resolved content: attaching it again
   * is the same report.
   */
  app.post('/v1/referrals/:id/resolved-url', async (c) => {
    const denied = allow(c, 'POST /v1/referrals/{id}/resolved-url');
    if (denied) return denied;
    const id = c.req.param('id');
    if (!isReferralId(id)) return errorResponse(c, 400, 'invalid_query', 'referral id must look like ref_<24 hex>', [{ path: 'id', message: 'malformed' }]);
    const principal = c.get('principal');
    const referral = await deps.stores.referrals.get(id);
    if (!referral || !mayUseOnPlatform(principal, 'POST /v1/referrals/{id}/resolved-url', referral.platform)) {
      return errorResponse(c, 404, 'not_found', 'no such referral');
    }
    const body = await readJsonBody(c, z.strictObject({ url: z.string().min(1).max(4096) }));
    if (!body.ok) return body.response;
    if (!referral.labels.some((label) => label.name === 'short-link' && label.value === 'unresolved')) {
      return errorResponse(c, 409, 'conflict', 'only a referral of an unresolved short link takes a resolved URL');
    }
    const check = checkReportUrl(body.data.url);
    if (!check.ok) return errorResponse(c, 400, 'invalid_body', check.message, [{ path: 'url', message: check.code }]);
    if (check.canonical.contentKey === referral.contentKey) {
      return errorResponse(c, 400, 'invalid_body', 'the resolved URL names the short link itself', [{ path: 'url', message: 'same content' }]);
    }
    const submissionId = outLinkSubmissionId(`resolved:${referral.referralId}`, check.canonical.contentKey);
    const submission = await deps.stores.submissions.recordAccepted({ submissionId, unit: principal.unit, officerId: principal.officerId, acceptedAt: deps.now().toISOString() });
    if (submission.status === 'accepted' && submission.unit === principal.unit) {
      const message: IngestMessageV1 = {
        type: 'report.accepted',
        version: 1,
        submissionId,
        acceptedAt: submission.acceptedAt,
        submitter: { officerId: principal.officerId, unit: principal.unit },
        report: { submissionId, url: check.url, category: referral.category, subTags: [], urgent: false, legalRoute: 'referral', postedIn: referral.url },
      };
      await deps.queues.sendJson(ingestQueueUrlFor(deps, message.report), message, { submissionId });
    }
    return c.json({ submissionId, url: check.url, status: submission.status }, 202);
  });

  app.get('/v1/lookup', async (c) => {
    const denied = allow(c, 'GET /v1/lookup');
    if (denied) return denied;
    const url = c.req.query('url');
    if (!url) return errorResponse(c, 400, 'invalid_query', 'query parameter url is required', [{ path: 'url', message: 'required' }]);
    const canonical = canonicalizeUrl(url);
    if (!canonical.ok) return errorResponse(c, 400, 'invalid_query', canonical.error.message, [{ path: 'url', message: canonical.error.code }]);
    const principal = c.get('principal');
    // One request per page view: the referral and every hold on the page or its channel, read together.
    const [referral, contentHolds] = await Promise.all([
      deps.stores.referrals.get(referralIdFor(canonical.value.contentKey)),
      holdNotices(deps, holdKeysOfContent(canonical.value.contentKey), principal),
    ]);
    const base = { canonicalUrl: canonical.value.canonicalUrl, contentKey: canonical.value.contentKey, holds: contentHolds };
    if (!referral || !mayUseOnPlatform(principal, 'GET /v1/lookup', referral.platform)) {
      return c.json<LookupResult>({ referred: false, ...base });
    }
    // A referred page is also held through the wallets and IBANs found in it.
    const indicatorKeys = holdKeysOfIndicators(referral.indicators);
    if (indicatorKeys.length > 0) base.holds = [...contentHolds, ...(await holdNotices(deps, indicatorKeys, principal))];
    return c.json<LookupResult>({
      referred: true,
      ...base,
      referralId: referral.referralId,
      status: referral.status,
      unitCount: referral.units.length,
      reportCount: referral.reportCount,
      ...(referral.outcome ? { outcome: referral.outcome } : {}),
    });
  });


};
