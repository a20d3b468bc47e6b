import * as z from 'zod';

// Trend counters (projections: the ids being counted are never read back)

/** A counter shard or rollup of one dimension and value. */
export const counterRow = z.object({ day: z.string(), value: z.string(), count: z.number().int() });
export const counterShardItem = counterRow.extend({ pk: z.string(), sk: z.string() });
const cellMap = z.record(z.string(), z.number().int()).optional();
/** A shard of the referral cells: a map of value -> count per dimension. */
export const referralCounterShardItem = z.object({
  pk: z.string(),
  sk: z.string(),
  day: z.string(),
  count: z.number().int(),
  category: cellMap,
  platform: cellMap,
  language: cellMap,
  priority: cellMap,
  group: cellMap,
});
/**
 * Per counter partition: every counter day before `compactedBefore` has lost its members sets
 * and has its rollups (one item per dimension, day and value, the sum of the shards).
 */
export const compactionMarkerItem = z.object({ compactedBefore: z.string() });

/** The referral cells of one dimension as read back by a trend query (`all` reads `count` only). */
export const referralCellsRow = z.object({ day: z.string(), count: z.number().int(), cells: cellMap });

/** The record that an id was counted in one counter (adapters/stores/counter-claims.ts). */
export const counterClaimItem = z.object({ state: z.enum(['claimed', 'counted']), claim: z.string(), claimedAt: z.number() });
