/**
 * Time-to-action histogram with log-scale buckets: bucket b holds durations in
 * [2^(b/2), 2^((b+1)/2)) seconds, so each bucket is about 41 % wider than the one before.
 * Percentiles read from bucket counts are exact to within one bucket, whatever the volume,
 * and the counters are plain items written once per referral (no list of durations).
 */
export const bucketsPerDoubling = 2;
/** The last bucket also holds everything longer (about 97 days and up). */
export const maxBucket = 46;

export const bucketOf = (seconds: number): number => {
  if (!(seconds >= 1)) return 0;
  return Math.min(maxBucket, Math.floor(Math.log2(seconds) * bucketsPerDoubling));
};

/** Upper bound of a bucket in seconds: a percentile is reported as "at most this long". */
export const bucketUpperSeconds = (bucket: number): number => Math.round(2 ** ((bucket + 1) / bucketsPerDoubling));

/** Zero-padded so counters of one platform sort by bucket. */
export const bucketLabel = (bucket: number): string => `b${String(bucket).padStart(2, '0')}`;

export const parseBucketLabel = (label: string): number | undefined => {
  const match = /^b(\d{2})$/.exec(label);
  return match ? Number(match[1]) : undefined;
};

/** The p-th percentile (0 < p <= 100) as the upper bound of the bucket holding it; undefined when empty. */
export const percentileFromBuckets = (counts: ReadonlyMap<number, number>, p: number): number | undefined => {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bucket) ?? 0;
    if (seen >= rank) return bucketUpperSeconds(bucket);
  }
  return undefined;
};
