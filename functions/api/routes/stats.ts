import * as z from 'zod';
import { issuesFromZod } from '../../contract/api-error';
import { countDimensions } from '../../contract/stats';
import { bucketUpperSeconds, parseBucketLabel, percentileFromBuckets } from '../../core/trends/histogram';
import { daysBetween, intervals, isUtcDay, periodOf } from '../../core/trends/periods';
import { allow, type ApiApp, type ApiDependencies } from '../api-env';
import { errorResponse } from '../http-errors';

/** Two years of days is the longest range one request may read. */
const maxRangeDays = 731;

const day = z.string().refine(isUtcDay, 'expected a UTC day yyyy-mm-dd');
const rangeQuery = z.object({ from: day, to: day.optional() });

const rangeOf = (query: Record<string, string>, today: string) => {
  const parsed = rangeQuery.safeParse(query);
  if (!parsed.success) return { ok: false as const, issues: issuesFromZod(parsed.error) };
  const to = parsed.data.to ?? today;
  if (to < parsed.data.from) return { ok: false as const, issues: [{ path: 'to', message: 'to is before from' }] };
  if (daysBetween(parsed.data.from, to) > maxRangeDays) return { ok: false as const, issues: [{ path: 'from', message: `range is longer than ${maxRangeDays} days` }] };
  return { ok: true as const, from: parsed.data.from, to };
};

const countsQuery = z.object({ by: z.enum(countDimensions).default('all'), interval: z.enum(intervals).default('day') });
const topQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Recurring: seen in at least this many referrals. */
  minReferrals: z.coerce.number().int().min(1).max(1_000_000).default(2),
});

/**
 * Trends, answered only from counters kept exact at write time (never by scanning
 * referrals). Each answer says what it read (`meta.itemsRead`, `meta.pages`).
 */
export const registerStatsRoutes = (app: ApiApp, deps: ApiDependencies): void => {
  const today = () => deps.now().toISOString().slice(0, 10);

  app.get('/v1/stats/counts', async (c) => {
    const denied = allow(c, 'GET /v1/stats/counts');
    if (denied) return denied;
    const range = rangeOf(c.req.query(), today());
    const query = countsQuery.safeParse(c.req.query());
    if (!range.ok || !query.success) {
      return errorResponse(c, 400, 'invalid_query', 'invalid query parameters', [...(range.ok ? [] : range.issues), ...(query.success ? [] : issuesFromZod(query.error))]);
    }
    const { by, interval } = query.data;
    const read = await deps.stores.stats.counters(by, range.from, range.to);
    const periods = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    for (const row of read.rows) {
      const period = periodOf(row.day, interval);
      const counts = periods.get(period) ?? new Map<string, number>();
      periods.set(period, counts);
      counts.set(row.value, (counts.get(row.value) ?? 0) + row.count);
      totals.set(row.value, (totals.get(row.value) ?? 0) + row.count);
    }
    return c.json({
      by,
      interval,
      from: range.from,
      to: range.to,
      periods: [...periods].sort(([a], [b]) => a.localeCompare(b)).map(([period, counts]) => ({
        period,
        counts: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
        total: [...counts.values()].reduce((sum, n) => sum + n, 0),
      })),
      totals: Object.fromEntries([...totals].sort(([, a], [, b]) => b - a)),
      meta: { itemsRead: read.itemsRead, pages: read.pages },
    });
  });

  app.get('/v1/stats/platforms', async (c) => {
    const denied = allow(c, 'GET /v1/stats/platforms');
    if (denied) return denied;
    const range = rangeOf(c.req.query(), today());
    if (!range.ok) return errorResponse(c, 400, 'invalid_query', 'invalid query parameters', range.issues);
    const outcomes = await deps.stores.stats.counters('platform-outcome', range.from, range.to);
    const tta = await deps.stores.stats.counters('tta', range.from, range.to);
    const byPlatform = new Map<string, { outcomes: Map<string, number>; buckets: Map<number, number> }>();
    const entry = (platform: string) => {
      const found = byPlatform.get(platform) ?? { outcomes: new Map<string, number>(), buckets: new Map<number, number>() };
      byPlatform.set(platform, found);
      return found;
    };
    for (const row of outcomes.rows) {
      const [platform = '', label = ''] = row.value.split(':');
      const counts = entry(platform).outcomes;
      counts.set(label, (counts.get(label) ?? 0) + row.count);
    }
    for (const row of tta.rows) {
      const [platform = '', label = ''] = row.value.split(':');
      const bucket = parseBucketLabel(label);
      if (bucket === undefined) continue;
      const buckets = entry(platform).buckets;
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + row.count);
    }
    const platforms = [...byPlatform].sort(([a], [b]) => a.localeCompare(b)).map(([platform, { outcomes: counts, buckets }]) => {
      const get = (label: string) => counts.get(label) ?? 0;
      const actioned = get('removed') + get('geo_blocked') + get('restricted');
      const declined = get('no_violation') + get('not_actionable');
      const p50 = percentileFromBuckets(buckets, 50);
      const p90 = percentileFromBuckets(buckets, 90);
      return {
        platform,
        outcomes: Object.fromEntries(counts),
        actioned,
        declined,
        alreadyGone: get('already_gone'),
        // Share of decided referrals the platform acted on (removed, geo-blocked or restricted).
        removalRate: actioned + declined === 0 ? null : actioned / (actioned + declined),
        timeToAction: {
          count: [...buckets.values()].reduce((sum, n) => sum + n, 0),
          // Upper bounds of log-scale buckets: "half were actioned within p50Seconds".
          p50Seconds: p50 ?? null,
          p90Seconds: p90 ?? null,
          buckets: [...buckets].sort(([a], [b]) => a - b).map(([bucket, count]) => ({ upToSeconds: bucketUpperSeconds(bucket), count })),
        },
      };
    });
    return c.json({ from: range.from, to: range.to, platforms, meta: { itemsRead: outcomes.itemsRead + tta.itemsRead, pages: outcomes.pages + tta.pages } });
  });

  app.get('/v1/stats/indicators', async (c) => {
    const denied = allow(c, 'GET /v1/stats/indicators');
    if (denied) return denied;
    const range = rangeOf(c.req.query(), today());
    const query = topQuery.safeParse(c.req.query());
    if (!range.ok || !query.success) {
      return errorResponse(c, 400, 'invalid_query', 'invalid query parameters', [...(range.ok ? [] : range.issues), ...(query.success ? [] : issuesFromZod(query.error))]);
    }
    const read = await deps.stores.stats.counters('indicator', range.from, range.to);
    const totals = new Map<string, number>();
    for (const row of read.rows) totals.set(row.value, (totals.get(row.value) ?? 0) + row.count);
    const indicators = [...totals]
      .filter(([, count]) => count >= query.data.minReferrals)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, query.data.limit)
      .map(([value, referrals]) => {
        const separator = value.indexOf(':');
        return { type: value.slice(0, separator), value: value.slice(separator + 1), referrals };
      });
    return c.json({ from: range.from, to: range.to, indicators, meta: { itemsRead: read.itemsRead, pages: read.pages } });
  });
};
