import type { Context } from 'hono';
import { issuesFromZod } from '../../contract/api-error';
import type { DossierReferral } from '../../contract/financial';
import { indicatorExportQuery, indicatorSetExportQuery, type IndicatorExportFormat } from '../../contract/indicator-export';
import type { TableKey } from '../../adapters/table/keys';
import {
  coOccurrencesOf,
  exportedIndicatorOf,
  holdKeysOfExport,
  indicatorKeyName,
  normalizedIndicator,
  type ExportedIndicatorKey,
  type IndicatorExport,
} from '../../core/exports/indicator-export';
import { buildIndicatorCsv } from '../../core/exports/indicator-csv';
import { buildMispEvent } from '../../core/exports/misp-event';
import { buildStixBundle } from '../../core/exports/stix-bundle';
import { mayUseOnPlatform, type RouteId } from '../access-policy';
import { allow, type ApiApp, type ApiDependencies, type ApiEnv } from '../api-env';
import { holdRefusalOnKeys } from '../hold-refusal';
import { errorResponse } from '../http-errors';
import { indicatorParams } from './indicators';

/**
 * Most referrals one export lists, across its indicators (each indicator's newest): what a
 * partner can read, and what the audit can record before the file leaves.
 */
export const maxExportedReferrals = 500;
/** Each indicator of a set lists at least this many of its newest referrals. */
const minReferralsPerIndicator = 10;
/** Audit events written at once: one per referral listed. */
const auditWritesAtOnce = 25;

/** The newest referrals of a dossier that the caller may see, at most `limit`. */
const visibleReferrals = async (deps: ApiDependencies, route: RouteId, c: Context<ApiEnv>, key: ExportedIndicatorKey, limit: number): Promise<DossierReferral[]> => {
  const principal = c.get('principal');
  const found: DossierReferral[] = [];
  let after: TableKey | undefined;
  do {
    const page = await deps.stores.dossiers.referrals(key.type, key.value, { limit: Math.min(200, limit - found.length), ...(after ? { after } : {}) });
    found.push(...page.referrals.filter((referral) => mayUseOnPlatform(principal, route, referral.platform)));
    after = page.next;
  } while (after && found.length < limit);
  return found.slice(0, limit);
};

/** The query as a schema reads it: a parameter given twice is an array (refused unless it may repeat), never silently its first value. */
const queryOf = (c: Context<ApiEnv>, repeatable: readonly string[] = []): Record<string, string | string[] | undefined> =>
  Object.fromEntries(Object.entries(c.req.queries()).map(([name, values]) => [name, repeatable.includes(name) || values.length > 1 ? values : values[0]]));

const respond = (c: Context<ApiEnv>, format: IndicatorExportFormat, file: IndicatorExport, name: string): Response => {
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (format === 'misp') {
    const event = buildMispEvent(file);
    return c.body(JSON.stringify(event), 200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}.misp.json"` });
  }
  if (format === 'stix') {
    // The media type TAXII 2.1 gives STIX 2.1 content.
    return c.body(JSON.stringify(buildStixBundle(file)), 200, { ...headers, 'content-type': 'application/stix+json;version=2.1', 'content-disposition': `attachment; filename="${name}.stix.json"` });
  }
  return c.body(buildIndicatorCsv(file), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
};

/**
 * One export: the dossiers read, refused with 409 when another unit holds any indicator or post
 * it would hand on, recorded in the audit of every referral it lists, then built by the pure
 * builders. A dossier no referral has is 404: there is nothing to share.
 */
const exportDossiers = async (c: Context<ApiEnv>, deps: ApiDependencies, route: RouteId, keys: readonly ExportedIndicatorKey[], format: IndicatorExportFormat, name: string): Promise<Response> => {
  const principal = c.get('principal');
  const perIndicator = Math.max(minReferralsPerIndicator, Math.floor(maxExportedReferrals / keys.length));
  const dossiers = await Promise.all(
    keys.map(async (key) => {
      const counts = await deps.stores.dossiers.counts(key.type, key.value);
      return counts ? { key, counts, referrals: await visibleReferrals(deps, route, c, key, perIndicator) } : { key, counts: undefined, referrals: [] };
    }),
  );
  const missing = dossiers.filter((dossier) => dossier.counts === undefined).map((dossier) => indicatorKeyName(dossier.key));
  if (missing.length > 0) return errorResponse(c, 404, 'not_found', `no referral carried ${missing.join(', ')}: there is no dossier to export`);
  const present = dossiers.map((dossier) => ({ ...dossier, counts: dossier.counts!, links: dossier.counts!.links }));
  const held = await holdRefusalOnKeys(c, deps, holdKeysOfExport(present), principal, 'export');
  if (held) return held;
  const listings = await deps.stores.sanctions.screen(keys);
  const exportedAt = deps.now().toISOString();
  const file: IndicatorExport = {
    unit: principal.unit,
    exportedAt,
    indicators: present.map((dossier) => exportedIndicatorOf(dossier.key, dossier.counts, dossier.referrals, listings)),
    coOccurrences: coOccurrencesOf(present),
  };
  // Recorded before any byte leaves: each referral's audit shows who handed it on, when and how.
  const exportId = crypto.randomUUID();
  const listedBy = new Map<string, string[]>();
  for (const indicator of file.indicators) for (const referral of indicator.referrals) listedBy.set(referral.referralId, [...(listedBy.get(referral.referralId) ?? []), indicatorKeyName(indicator)]);
  const audited = [...listedBy.entries()];
  for (let start = 0; start < audited.length; start += auditWritesAtOnce) {
    await Promise.all(
      audited.slice(start, start + auditWritesAtOnce).map(([referralId, indicators]) =>
        deps.stores.legalAudit.recordIndicatorExport({ referralId, exportId, format, indicators, actor: { kind: 'officer', id: principal.officerId, unit: principal.unit }, at: exportedAt }),
      ),
    );
  }
  deps.log('info', 'indicators exported', { exportId, unit: principal.unit, format, indicators: keys.length, referrals: audited.length });
  return respond(c, format, file, name);
};

/**
 * Exports of indicator dossiers for partners: one indicator (`GET`, the file named after it) or
 * a set of them (up to 50 `indicator` parameters). Reading a dossier is the route's right;
 * exporting adds the audit and the respect of other units' operational holds.
 */
export const registerIndicatorExportRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  app.get('/v1/indicators/:type/:value/export', async (c) => {
    const route = 'GET /v1/indicators/{type}/{value}/export';
    const denied = allow(c, route);
    if (denied) return denied;
    const params = indicatorParams(c.req.param('type'), c.req.param('value'));
    if (!params.ok) return errorResponse(c, 400, 'invalid_query', params.message, [params.issue]);
    const normalized = normalizedIndicator(params.type, params.value, '');
    if (!normalized.ok) return errorResponse(c, 400, 'invalid_query', normalized.error.message, [{ path: normalized.error.field, message: normalized.error.message }]);
    const query = indicatorExportQuery.safeParse(queryOf(c));
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'format must be misp, stix or csv', issuesFromZod(query.error));
    const { key } = normalized;
    return exportDossiers(c, deps, route, [key], query.data.format, `${key.type}-${key.value.replace(/[^A-Za-z0-9.-]/g, '_')}`);
  });

  app.get('/v1/indicators/export', async (c) => {
    const route = 'GET /v1/indicators/export';
    const denied = allow(c, route);
    if (denied) return denied;
    const query = indicatorSetExportQuery.safeParse(queryOf(c, ['indicator']));
    if (!query.success) return errorResponse(c, 400, 'invalid_query', 'expected format=misp|stix|csv and 1 to 50 indicator=<type>:<value>', issuesFromZod(query.error));
    const keys = new Map<string, ExportedIndicatorKey>();
    for (const [i, written] of query.data.indicator.entries()) {
      const split = written.indexOf(':');
      const normalized = normalizedIndicator(written.slice(0, split), written.slice(split + 1), `indicator.${i}.`);
      if (!normalized.ok) return errorResponse(c, 400, 'invalid_query', normalized.error.message, [{ path: normalized.error.field, message: normalized.error.message }]);
      keys.set(indicatorKeyName(normalized.key), normalized.key);
    }
    return exportDossiers(c, deps, route, [...keys.values()], query.data.format, `indicators-${keys.size}`);
  });
};
