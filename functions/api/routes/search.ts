import type { ReferralItem } from '../../adapters/table/items';
import { issuesFromZod } from '../../contract/api-error';
import { searchQuery, type SearchHit, type SearchMatch, type SearchResult } from '../../contract/search';
import { searchTermsOf } from '../../core/search/search-terms';
import { mayUseOnPlatform } from '../access-policy';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';

/** Referrals read per indicator: the search shows the first ones; the indicator route lists more. */
const referralsPerIndicator = 50;

export const registerSearchRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  /**
   * One text read as a referral id, a URL and indicator values; every reading is a key lookup
   * (core/search/search-terms.ts), never a scan. A referral the caller may not see on
   * `GET /v1/referrals/{id}` is left out, so a search tells no one what they could not open.
   */
  app.get('/v1/search', async (c) => {
    const denied = allow(c, 'GET /v1/search');
    if (denied) return denied;
    const query = searchQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'invalid query parameters', issuesFromZod(query.error));
    const principal = c.get('principal');
    const terms = searchTermsOf(query.data.q);

    const matches = new Map<string, Set<SearchMatch>>();
    const add = (referralId: string, match: SearchMatch) => matches.set(referralId, (matches.get(referralId) ?? new Set()).add(match));
    for (const referralId of terms.referralIds) add(referralId, 'referral-id');
    if (terms.url) add(terms.url.referralId, 'url');
    const links = await Promise.all(terms.indicators.map(({ type, value }) => deps.stores.indicatorLinks.referralsOf(type, value, referralsPerIndicator)));
    for (const link of links.flat()) add(link.referralId, 'indicator');

    const found = await Promise.all([...matches.keys()].map((referralId) => deps.stores.referrals.get(referralId)));
    const results: SearchHit[] = found
      .filter((referral): referral is ReferralItem => referral !== undefined && mayUseOnPlatform(principal, 'GET /v1/search', referral.platform))
      .map((referral) => ({
        referralId: referral.referralId,
        url: referral.url,
        ...(referral.title ? { title: referral.title } : {}),
        platform: referral.platform,
        status: referral.status,
        priority: referral.priority,
        lastReportedAt: referral.lastReportedAt,
        matchedBy: [...(matches.get(referral.referralId) ?? [])],
      }))
      .sort((a, b) => b.lastReportedAt.localeCompare(a.lastReportedAt));
    const readAs = [
      ...terms.referralIds.map((value) => ({ kind: 'referral-id' as const, value })),
      ...(terms.url ? [{ kind: 'url' as const, value: terms.url.canonicalUrl }] : []),
      ...terms.indicators.map(({ type, value }) => ({ kind: 'indicator' as const, value: `${type}:${value}` })),
    ];
    return c.json<SearchResult>({ q: query.data.q, readAs, results });
  });
};
