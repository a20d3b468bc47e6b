import type { IndicatorView } from '../../contract/financial';
import { isFinancial } from '../../core/sanctions/screening';
import * as z from 'zod';
import { issuesFromZod } from '../../contract/api-error';
import type { DossierSummary } from '../../contract/financial';
import { partitions } from '../../adapters/table/keys';
import { decodeDossierCursor, encodeDossierCursor } from '../../core/dossier/dossier-cursor';
import { indicatorTypes } from '../../core/indicators/extract-indicators';
import { mayUseOnPlatform } from '../access-policy';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';

const dossierQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1_000).optional(),
});

/** Channels whose other indicators a dossier lists, and how many of each. */
const sameChannelChannels = 5;
const sameChannelPerChannel = 20;

export type IndicatorParams = { ok: true; type: string; value: string } | { ok: false; issue: { path: string; message: string }; message: string };

/** Only the types the pipeline extracts: anything else (`__proto__`, `undefined`) names no indicator. */
export const indicatorParams = (type: string, value: string): IndicatorParams => {
  if (!(indicatorTypes as readonly string[]).includes(type)) {
    return { ok: false, message: `indicator type must be one of ${indicatorTypes.join(', ')}`, issue: { path: 'type', message: 'unknown indicator type' } };
  }
  if (value.length === 0 || value.length > 200) return { ok: false, message: 'indicator value is malformed', issue: { path: 'value', message: 'expected 1 to 200 characters' } };
  return { ok: true, type, value };
};

/** The dossier's summary: counts and links, plus the indicators seen in its busiest channels. */
export const dossierSummaryOf = async (deps: ApiDependencies, type: string, value: string): Promise<DossierSummary | undefined> => {
  const counts = await deps.stores.dossiers.counts(type, value);
  if (!counts) return undefined;
  const { linksComplete: _complete, ...summary } = counts;
  const channels = counts.links.filter((link) => link.kind === 'channel').slice(0, sameChannelChannels);
  const inChannels = await Promise.all(channels.map((channel) => deps.stores.dossiers.indicatorsInChannel(channel.name, sameChannelPerChannel + 1)));
  const sameChannel = inChannels.flat().filter((seen) => seen.type !== type || seen.value !== value).slice(0, sameChannelChannels * sameChannelPerChannel);
  return { type, value, ...summary, sameChannel };
};

/**
 * An indicator: the referrals sharing it (every reader of the route) and its dossier, which the
 * financial stage keeps (summary, co-occurrence, then its referrals a page at a time, newest
 * first). A dossier carries no officer and no note: it is built from referrals, not reports.
 */
export const registerIndicatorRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/indicators/:type/:value', async (c) => {
    const denied = allow(c, 'GET /v1/indicators/{type}/{value}');
    if (denied) return denied;
    const params = indicatorParams(c.req.param('type'), c.req.param('value'));
    if (!params.ok) return errorResponse(c, 400, 'invalid_query', params.message, [params.issue]);
    const query = dossierQuery.safeParse(c.req.query());
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'invalid query parameters', issuesFromZod(query.error));
    const { type, value } = params;
    const partition = partitions.dossier(type, value);
    let after: { pk: string; sk: string } | undefined;
    if (query.data.cursor) {
      const decoded = decodeDossierCursor(deps.cursorKey, query.data.cursor, partition);
      if (!decoded.ok) return errorResponse(c, 400, 'invalid_query', decoded.message, [{ path: 'cursor', message: decoded.message }]);
      after = decoded.position;
    }
    const principal = c.get('principal');
    const visible = (platform: string) => mayUseOnPlatform(principal, 'GET /v1/indicators/{type}/{value}', platform);
    // The summary is read with the first page only: later pages are the referrals alone.
    const [links, summary, sanctions, page] = await Promise.all([
      after ? Promise.resolve([]) : deps.stores.indicatorLinks.referralsOf(type, value),
      after ? Promise.resolve(undefined) : dossierSummaryOf(deps, type, value),
      after || !isFinancial(type) ? Promise.resolve(undefined) : deps.stores.sanctions.screen([{ type, value }]),
      deps.stores.dossiers.referrals(type, value, { limit: query.data.limit, ...(after ? { after } : {}) }),
    ]);
    const nextCursor = page.next ? encodeDossierCursor(deps.cursorKey, page.next) : undefined;
    return c.json<IndicatorView>({
      type,
      value,
      ...(after ? {} : { referrals: links.filter((link) => visible(link.platform)) }),
      ...(summary ? { dossier: summary } : {}),
      ...(sanctions ? { sanctions: sanctions.map(({ type: _type, value: _value, programs, ...listing }) => ({ ...listing, programs: [...programs] })) } : {}),
      dossierReferrals: page.referrals.filter((referral) => visible(referral.platform)),
      ...(nextCursor ? { nextCursor } : {}),
    });
  });
};
