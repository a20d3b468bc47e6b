import type { LookupResult } from '../../contract/responses';
import { canonicalizeUrl } from '../../core/canonical-url/canonical-url';
import { indicatorTypes } from '../../core/indicators/extract-indicators';
import { isReferralId, referralIdFor } from '../../core/referral-id';
import { mayUseOnPlatform } from '../access-policy';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';
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
    return c.json({ ...toReferralView(referral), ...(outLinks.length > 0 ? { outLinks } : {}) });
  });

  app.get('/v1/lookup', async (c) => {
    const denied = allow(c, 'GET /v1/lookup');
    if (denied) return denied;
    const url = c.req.query('url');
    if (!url) return errorResponse(c, 400, 'invalid_query', 'query parameter url is required', [{ path: 'url', message: 'required' }]);
    const canonical = canonicalizeUrl(url);
    if (!canonical.ok) return errorResponse(c, 400, 'invalid_query', canonical.error.message, [{ path: 'url', message: canonical.error.code }]);
    const referral = await deps.stores.referrals.get(referralIdFor(canonical.value.contentKey));
    const base = { canonicalUrl: canonical.value.canonicalUrl, contentKey: canonical.value.contentKey };
    if (!referral || !mayUseOnPlatform(c.get('principal'), 'GET /v1/lookup', referral.platform)) {
      return c.json<LookupResult>({ referred: false, ...base });
    }
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

  app.get('/v1/indicators/:type/:value', async (c) => {
    const denied = allow(c, 'GET /v1/indicators/{type}/{value}');
    if (denied) return denied;
    const type = c.req.param('type');
    const value = c.req.param('value');
    // Only the types the pipeline extracts: anything else (`__proto__`, `undefined`) names no indicator.
    if (!(indicatorTypes as readonly string[]).includes(type)) {
      return errorResponse(c, 400, 'invalid_query', `indicator type must be one of ${indicatorTypes.join(', ')}`, [{ path: 'type', message: 'unknown indicator type' }]);
    }
    if (value.length === 0 || value.length > 200) {
      return errorResponse(c, 400, 'invalid_query', 'indicator value is malformed', [{ path: 'value', message: 'expected 1 to 200 characters' }]);
    }
    const principal = c.get('principal');
    const links = (await deps.stores.indicatorLinks.referralsOf(type, value)).filter((link) => mayUseOnPlatform(principal, 'GET /v1/indicators/{type}/{value}', link.platform));
    return c.json({ type, value, referrals: links });
  });

};
