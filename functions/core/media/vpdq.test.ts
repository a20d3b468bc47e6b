import { describe, expect, it } from 'vitest';
import { pdqHex, parsePdqHex, type PdqHash } from './pdq-hash';
import { isVideoMatch, matchVideos, vpdqMatchThresholds, type VideoFrameHash } from './vpdq';

/** A hash with the first `bits` bits set: distances between such hashes are differences of counts. */
const withBits = (bits: number, offset = 0): string => {
  const hash = parsePdqHex('0'.repeat(64)) as PdqHash;
  for (let bit = offset; bit < offset + bits; bit++) hash[bit >> 4] = (hash[bit >> 4] as number) | (1 << (bit & 15));
  return pdqHex(hash);
};
const frame = (pdq: string, quality = 100, timestamp = 0): VideoFrameHash => ({ pdq, quality, timestamp });
/** Pseudo-random frames (a fixed LCG): two of them are about 128 bits apart, so each matches only itself. */
const distinct = (count: number, seed = 1): VideoFrameHash[] => {
  let state = seed;
  const nextHex = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8).toString(16).padStart(6, '0').slice(-4);
  };
  return Array.from({ length: count }, (_, i) => frame(Array.from({ length: 16 }, nextHex).join(''), 100, i));
};

describe('vPDQ matching (ThreatExchange vpdq_brute_matcher)', () => {
  it("uses ThreatExchange's constants: distance 31, quality 50, 80% of the query's frames", () => {
    expect(vpdqMatchThresholds).toEqual({ distance: 31, quality: 50, queryMatchPercent: 80, comparedMatchPercent: 0 });
  });

  it('counts the unique frames of each video with a frame of the other within distance 31, both ways', () => {
    const a = withBits(0);
    const near = withBits(31); // distance 31 from a: matches (<= 31)
    const far = withBits(32, 100); // 32 bits elsewhere: distance 32 from a
    const query = [frame(a), frame(a, 100, 1), frame(far)];
    const compared = [frame(near), frame(withBits(200, 40))];
    // Query: a (deduplicated) matches near, far matches nothing: 1 of 2. Compared: near matches a, the other nothing: 1 of 2.
    expect(matchVideos(query, compared)).toEqual({ queryMatchPercent: 50, comparedMatchPercent: 50 });
    expect(matchVideos([frame(a)], [frame(withBits(32))])).toEqual({ queryMatchPercent: 0, comparedMatchPercent: 0 });
  });

  it('leaves out frames under quality 50 before counting', () => {
    const a = withBits(0);
    const query = [frame(a), frame(withBits(64, 128), 49)];
    expect(matchVideos(query, [frame(a)])).toEqual({ queryMatchPercent: 100, comparedMatchPercent: 100 });
    expect(matchVideos(query, [frame(a)], { ...vpdqMatchThresholds, quality: 0 })).toEqual({ queryMatchPercent: 50, comparedMatchPercent: 100 });
  });

  it('a clip of a video matches it (80% of the clip is in the video), the video need not be in the clip', () => {
    const video = distinct(10);
    const clip = video.slice(2, 6);
    expect(matchVideos(clip, video)).toEqual({ queryMatchPercent: 100, comparedMatchPercent: 40 });
    expect(isVideoMatch(clip, video)).toMatchObject({ match: true });
    // Four of five frames is 80%: a match; three of five is not.
    expect(isVideoMatch([...video.slice(0, 4), ...distinct(1, 20)], video)).toMatchObject({ match: true, queryMatchPercent: 80 });
    expect(isVideoMatch([...video.slice(0, 3), ...distinct(2, 20)], video)).toMatchObject({ match: false, queryMatchPercent: 60 });
  });

  it('a video with no frame of quality 50 matches nothing, rather than dividing by zero', () => {
    expect(matchVideos([frame(withBits(0), 10)], distinct(3))).toEqual({ queryMatchPercent: 0, comparedMatchPercent: 0 });
    expect(isVideoMatch([], distinct(3)).match).toBe(false);
  });
});
