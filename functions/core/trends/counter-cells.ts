import { unresolvedGroup } from '../classification/designated-groups';

/**
 * How trend counters are laid out in items (see functions/storage-design.md, "Trend counters").
 *
 * Shards: each count of an id is recorded by a claim item of its own (adapters/stores/counter-claims.ts),
 * and the counter item holds only the ids being counted at the moment, so it stays small. What
 * the shards spread is the write rate: a dimension's counters of a day take every report of every
 * unit, and one partition key takes at most 1,000 write units a second, so the shard, a hash of
 * the counted id, is in the partition key (`STAT#<dimension>#<shard>`) and a read sums the shards.
 *
 * Referral cells: the trend dimensions of a new referral (category, platform, language, priority,
 * designated groups, and the count of all referrals) are counted in one write to one item per
 * (day, shard) of the `referrals` partition, one map of value -> count per dimension, instead
 * of one write per dimension: the same exactly-once guarantee for all cells at once, and five fewer writes for
 * every new referral.
 */

/**
 * Shard partitions per dimension; a read of a day range is one Query per shard. Eight take about
 * 4,000 reports/s for all units together at two write units per report and shard (functions/storage-design.md, "Capacity model").
 */
export const counterShardCount = 8;

/**
 * FNV-1a, 32 bit, over UTF-16 code units (the same as over bytes for the ASCII ids counted
 * here): stable across runtimes and versions, which a shard choice must be, since a repeat
 * has to land on the shard its first count made.
 */
export const fnv1a32 = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/** The shard item of a counter that holds `memberId`. */
export const counterShardOf = (memberId: string): number => fnv1a32(memberId) % counterShardCount;

/** The partition (`STAT#referrals`) where a new referral's trend cells are counted together. */
export const referralCounterPartition = 'referrals';

/** Dimensions read from the referral cells; `all` is the item's own `count`. */
export const referralCountDimensions = ['all', 'category', 'platform', 'group', 'language', 'priority'] as const;
export type ReferralCountDimension = (typeof referralCountDimensions)[number];

export const isReferralCountDimension = (dimension: string): dimension is ReferralCountDimension =>
  (referralCountDimensions as readonly string[]).includes(dimension);

/**
 * The dimensions with a cell map in a referral counter item: attribute `<dimension>`, a map
 * from value to count, so a read projects just the dimension it needs.
 */
export const referralCellDimensions = ['category', 'platform', 'language', 'priority', 'group'] as const;
export type ReferralCellDimension = (typeof referralCellDimensions)[number];

/** The value under which `all` is reported (one row per day, like any other dimension). */
export const allReferralsValue = 'referrals';

export interface CounterCell {
  dimension: ReferralCellDimension;
  value: string;
}

export interface ReferralCellSource {
  category: string;
  platform: string;
  language?: string | undefined;
  priority: string;
  groups?: readonly string[] | undefined;
  /** The classification labels; a `group` label valued `unresolved` is an officer tag the list does not know. */
  labels?: readonly { name: string; value: string }[] | undefined;
}

/**
 * An officer tag that names no listed group is counted as `unresolved` rather than dropped:
 * a trend by group that loses what officers tagged hides the groups the list lacks.
 */
const trendGroups = (referral: ReferralCellSource): string[] => {
  const unresolved = (referral.labels ?? []).some((label) => label.name === 'group' && label.value === unresolvedGroup);
  return [...new Set([...(referral.groups ?? []), ...(unresolved ? [unresolvedGroup] : [])])];
};

/** Every trend cell a new referral counts in, once each (a referral may name several groups). */
export const referralCells = (referral: ReferralCellSource): CounterCell[] => [
  { dimension: 'category', value: referral.category },
  { dimension: 'platform', value: referral.platform },
  { dimension: 'language', value: referral.language ?? 'und' },
  { dimension: 'priority', value: referral.priority },
  ...trendGroups(referral).map((group): CounterCell => ({ dimension: 'group', value: group })),
];

/** The cells grouped per dimension, every dimension present (a new item gets every map). */
export const cellValuesByDimension = (cells: readonly CounterCell[]): Map<ReferralCellDimension, Set<string>> => {
  const values = new Map<ReferralCellDimension, Set<string>>(referralCellDimensions.map((dimension) => [dimension, new Set<string>()]));
  for (const cell of cells) values.get(cell.dimension)?.add(cell.value);
  return values;
};
