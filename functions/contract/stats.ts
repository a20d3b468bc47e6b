import * as z from 'zod';

/**
 * Answers of the trend routes (GET /v1/stats/counts, /platforms, /indicators), read by the
 * dashboard and `npm run trends`. The routes answer only from counters kept exact at write
 * time; `meta` says how much of the table each answer read.
 */

/** Dimensions an analyst can count by: the referral cells (`STAT#referrals#<shard>`), `unit` and `outcome` (see core/trends/counter-cells.ts). */
export const countDimensions = ['all', 'category', 'platform', 'group', 'language', 'priority', 'unit', 'outcome'] as const;
export const countDimension = z.enum(countDimensions);
export type CountDimension = z.infer<typeof countDimension>;

/** Periods an analyst can group by; counters themselves are per UTC day. */
export const statsIntervals = ['day', 'week', 'month'] as const;
export const statsInterval = z.enum(statsIntervals);
export type StatsInterval = z.infer<typeof statsInterval>;

const count = z.number().int().nonnegative();

/** What one answer read: counter items and DynamoDB pages (bounded by days and shards, never by referrals). */
export const statsReadMeta = z.object({ itemsRead: count, pages: count });

/** GET /v1/stats/counts: per period, the count of each value of the dimension, and totals over the range. */
export const statsCounts = z.object({
  by: countDimension,
  interval: statsInterval,
  from: z.string(),
  to: z.string(),
  periods: z.array(z.object({ period: z.string(), counts: z.record(z.string(), count), total: count })),
  totals: z.record(z.string(), count),
  meta: statsReadMeta,
});
export type StatsCounts = z.infer<typeof statsCounts>;

/** One platform's answers to referrals: actioned (removed, geo-blocked, restricted), declined, and time to action. */
export const platformStats = z.object({
  platform: z.string(),
  outcomes: z.record(z.string(), count),
  actioned: count,
  declined: count,
  alreadyGone: count,
  /** Share of decided referrals the platform acted on; null before any was decided. */
  removalRate: z.number().min(0).max(1).nullable(),
  timeToAction: z.object({
    count,
    /** Upper bounds of log-scale buckets: "half were actioned within p50Seconds". */
    p50Seconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
    buckets: z.array(z.object({ upToSeconds: z.number(), count })),
  }),
});
export type PlatformStats = z.infer<typeof platformStats>;

/** GET /v1/stats/platforms. */
export const statsPlatforms = z.object({ from: z.string(), to: z.string(), platforms: z.array(platformStats), meta: statsReadMeta });
export type StatsPlatforms = z.infer<typeof statsPlatforms>;

/** A wallet, IBAN or other indicator seen in at least `minReferrals` referrals of the range. */
export const recurringIndicator = z.object({ type: z.string(), value: z.string(), referrals: count });
export type RecurringIndicator = z.infer<typeof recurringIndicator>;

/** GET /v1/stats/indicators. */
export const statsIndicators = z.object({ from: z.string(), to: z.string(), indicators: z.array(recurringIndicator), meta: statsReadMeta });
export type StatsIndicators = z.infer<typeof statsIndicators>;
