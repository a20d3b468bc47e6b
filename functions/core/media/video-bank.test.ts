import { describe, expect, it } from 'vitest';
import { parsePdqHex, pdqHex, type PdqHash } from './pdq-hash';
import { VideoBank, videoFramesDigest, videoMatchLabel } from './video-bank';
import type { VideoFrameHash } from './vpdq';

/** Pseudo-random frames (a fixed LCG): two of them are about 128 bits apart, so each matches only itself. */
const distinct = (count: number, seed: number, quality = 100): VideoFrameHash[] => {
  let state = seed;
  const nextHex = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8).toString(16).padStart(6, '0').slice(-4);
  };
  return Array.from({ length: count }, (_, i) => ({ pdq: Array.from({ length: 16 }, nextHex).join(''), quality, timestamp: i }));
};

/** The same frame with its first `bits` bits flipped: a re-encoding's small changes. */
const flipped = (frame: VideoFrameHash, bits: number): VideoFrameHash => {
  const hash = parsePdqHex(frame.pdq) as PdqHash;
  for (let bit = 0; bit < bits; bit++) hash[bit >> 4] = (hash[bit >> 4] as number) ^ (1 << (bit & 15));
  return { ...frame, pdq: pdqHex(hash) };
};

describe('VideoBank', () => {
  const original = distinct(20, 7);

  it('finds a re-encoded copy (every frame a few bits off) and a clip cut from the video, with both shares', () => {
    const bank = new VideoBank('referrals');
    bank.add({ entryId: 'VPDQ#a#ref_a', frames: original, referralId: 'ref_a' });
    bank.add({ entryId: 'VPDQ#b#ref_b', frames: distinct(20, 99), referralId: 'ref_b' });

    const reencoded = original.map((frame) => flipped(frame, 12));
    expect(bank.match(reencoded)).toEqual([expect.objectContaining({ entry: expect.objectContaining({ referralId: 'ref_a' }), queryMatchPercent: 100, comparedMatchPercent: 100, queryFrames: 20, comparedFrames: 20 })]);

    // A clip of the first 5 seconds: all of the clip is in the original, a quarter of the original in the clip.
    const clip = original.slice(0, 5);
    expect(bank.match(clip)).toEqual([expect.objectContaining({ entry: expect.objectContaining({ entryId: 'VPDQ#a#ref_a' }), queryMatchPercent: 100, comparedMatchPercent: 25 })]);
  });

  it('does not match under 80% of the query frames, beyond the distance, or on frames of low quality', () => {
    const bank = new VideoBank('referrals');
    bank.add({ entryId: 'a', frames: original });
    // 15 of 20 frames (75%) from the original, 5 others.
    expect(bank.match([...original.slice(0, 15), ...distinct(5, 3)])).toEqual([]);
    // 16 of 20 (80%) is enough.
    expect(bank.match([...original.slice(0, 16), ...distinct(4, 3)])).toHaveLength(1);
    expect(bank.match(original.map((frame) => flipped(frame, 32)))).toEqual([]);
    expect(bank.match(original.map((frame) => ({ ...frame, quality: 49 })))).toEqual([]);
    // A bank's own distance applies to frames.
    const strict = new VideoBank('strict', { maxDistance: 8 });
    strict.add({ entryId: 'a', frames: original });
    expect(strict.match(original.map((frame) => flipped(frame, 12)))).toEqual([]);
    expect(strict.match(original.map((frame) => flipped(frame, 8)))).toHaveLength(1);
  });

  it('replaces and removes entries, and refuses a video without a usable frame', () => {
    const bank = new VideoBank('referrals');
    expect(bank.add({ entryId: 'dark', frames: distinct(3, 5, 10) })).toBe(false);
    expect(bank.add({ entryId: 'a', frames: original })).toBe(true);
    bank.add({ entryId: 'a', frames: distinct(20, 42) });
    expect(bank.size).toBe(1);
    expect(bank.match(original)).toEqual([]);
    bank.remove('a');
    expect(bank.match(distinct(20, 42))).toEqual([]);
  });

  it('adds a cold start\'s videos in one build, as one at a time would: a later id replaces an earlier one', () => {
    const bank = new VideoBank('referrals');
    bank.addAll([
      { entryId: 'a', frames: distinct(20, 42) },
      { entryId: 'dark', frames: distinct(3, 5, 10) },
      { entryId: 'a', frames: original, referralId: 'ref_a' },
      { entryId: 'b', frames: distinct(20, 43) },
    ]);
    expect(bank.entries().map((entry) => entry.entryId).sort()).toEqual(['a', 'b']);
    expect(bank.match(distinct(20, 42))).toEqual([]);
    expect(bank.match(original)).toEqual([expect.objectContaining({ entry: expect.objectContaining({ referralId: 'ref_a' }), queryMatchPercent: 100 })]);
    expect(bank.match(distinct(20, 43))).toHaveLength(1);
  });

  it('names a video by its frames: the same frames give the same digest, any change another', () => {
    expect(videoFramesDigest(original)).toMatch(/^[0-9a-f]{64}$/);
    expect(videoFramesDigest(original)).toBe(videoFramesDigest(original.map((frame) => ({ ...frame }))));
    expect(videoFramesDigest(original)).not.toBe(videoFramesDigest([flipped(original[0] as VideoFrameHash, 1), ...original.slice(1)]));
  });

  it('labels a match with the rule, both shares and the evidence of both videos', () => {
    const bank = new VideoBank('partner-videos');
    bank.add({ entryId: 'VPDQ#abc', frames: original, label: 'attack video', source: 'partner list' });
    const [match] = bank.match(original.slice(0, 10));
    expect(match).toBeDefined();
    expect(videoMatchLabel(match as NonNullable<typeof match>, { videoId: 'f00d', url: 'https://example.org/v.webm', sha256: 'ab'.repeat(32) })).toEqual({
      name: 'hash-bank-match',
      value: 'partner-videos/VPDQ#abc',
      rule: "vpdq 100% of this video's frames >= 80% (other video 50%), frames within pdq distance 31, quality >= 50",
      evidence: [`video f00d sha256 ${'ab'.repeat(32)} at https://example.org/v.webm: 10 usable frames`, 'bank partner-videos entry VPDQ#abc: 20 usable frames', 'label attack video', 'source partner list'],
    });
  });
});
