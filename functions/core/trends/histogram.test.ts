import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketOf, bucketUpperSeconds, maxBucket, parseBucketLabel, percentileFromBuckets } from './histogram';

describe('time-to-action histogram', () => {
  it('puts every duration in a bucket whose upper bound is above it and within about 41 %', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 * 86_400 }), (seconds) => {
        const bucket = bucketOf(seconds);
        expect(bucketUpperSeconds(bucket)).toBeGreaterThanOrEqual(seconds);
        expect(bucketUpperSeconds(bucket)).toBeLessThanOrEqual(Math.ceil(seconds * Math.SQRT2) + 1);
      }),
    );
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(10 ** 12)).toBe(maxBucket);
  });

  it('reads p50 and p90 from bucket counts', () => {
    // 9 actions within ~1 minute, 1 after a day.
    const counts = new Map<number, number>([[bucketOf(50), 9], [bucketOf(86_400), 1]]);
    expect(percentileFromBuckets(counts, 50)).toBe(bucketUpperSeconds(bucketOf(50)));
    expect(percentileFromBuckets(counts, 90)).toBe(bucketUpperSeconds(bucketOf(50)));
    expect(percentileFromBuckets(counts, 95)).toBe(bucketUpperSeconds(bucketOf(86_400)));
    expect(percentileFromBuckets(new Map(), 50)).toBeUndefined();
  });

  it('round-trips bucket labels in sort order', () => {
    expect(parseBucketLabel(bucketLabel(7))).toBe(7);
    expect(parseBucketLabel('x7')).toBeUndefined();
    expect([bucketLabel(10), bucketLabel(9)].sort()).toEqual([bucketLabel(9), bucketLabel(10)]);
  });
});
