import { defaultPdqMatchDistance, minimumPdqMatchQuality, parsePdqHex, pdqDistance, type PdqHash } from './pdq-hash';

/**
 * vPDQ: a video is the PDQ hashes of its frames (one a second), each with its quality and time.
 * Two videos are compared as ThreatExchange's `vpdq_brute_matcher` does: keep each video's
 * unique hashes of quality >= 50, then count the share of one video's frames that have a frame
 * of the other within distance 31, both ways. The frame order is not used, so a clip matches the
 * video it was cut from.
 */

export interface VideoFrameHash {
  /** 64 hex digits, the reference's order. */
  pdq: string;
  quality: number;
  /** Seconds from the start of the video. */
  timestamp: number;
}

export interface VideoMatchThresholds {
  /** Largest Hamming distance at which two frames match. */
  distance: number;
  /** Frames under this quality are left out before counting. */
  quality: number;
  /** A match needs at least this share of the query's frames found in the other video. */
  queryMatchPercent: number;
  /** ...and at least this share of the other video's frames found in the query. */
  comparedMatchPercent: number;
}

/** ThreatExchange's `vpdq_util.py`: VPDQ_DISTANCE_THRESHOLD, VPDQ_QUALITY_THRESHOLD, VPDQ_QUERY_ and VPDQ_INDEX_MATCH_THRESHOLD_PERCENT. */
export const vpdqMatchThresholds: VideoMatchThresholds = {
  distance: defaultPdqMatchDistance,
  quality: minimumPdqMatchQuality,
  queryMatchPercent: 80,
  comparedMatchPercent: 0,
};

export interface VideoMatchShares {
  /** Per cent of the query's unique good frames with a match in the other video. */
  queryMatchPercent: number;
  /** Per cent of the other video's unique good frames with a match in the query. */
  comparedMatchPercent: number;
}

/** The first frame of each hash (ThreatExchange's `dedupe`), then those of good quality. */
const usableHashes = (frames: readonly VideoFrameHash[], quality: number): PdqHash[] => {
  const seen = new Set<string>();
  const hashes: PdqHash[] = [];
  for (const frame of frames) {
    if (seen.has(frame.pdq)) continue;
    seen.add(frame.pdq);
    const hash = parsePdqHex(frame.pdq);
    if (hash && frame.quality >= quality) hashes.push(hash);
  }
  return hashes;
};

const matchedPercent = (hashes: readonly PdqHash[], others: readonly PdqHash[], distance: number): number => {
  // No usable frame: nothing to match (the reference would divide by zero).
  if (hashes.length === 0) return 0;
  const matched = hashes.filter((hash) => others.some((other) => pdqDistance(hash, other) <= distance)).length;
  return (matched * 100) / hashes.length;
};

/** Both shares, brute force: O(frames x frames), which 600 frames a side (10 minutes) keeps small. */
export const matchVideos = (query: readonly VideoFrameHash[], compared: readonly VideoFrameHash[], thresholds: VideoMatchThresholds = vpdqMatchThresholds): VideoMatchShares => {
  const queryHashes = usableHashes(query, thresholds.quality);
  const comparedHashes = usableHashes(compared, thresholds.quality);
  return {
    queryMatchPercent: matchedPercent(queryHashes, comparedHashes, thresholds.distance),
    comparedMatchPercent: matchedPercent(comparedHashes, queryHashes, thresholds.distance),
  };
};

/** Whether the query video is (mostly) in the other: both shares at their thresholds, and some frame matched. */
export const isVideoMatch = (
  query: readonly VideoFrameHash[],
  compared: readonly VideoFrameHash[],
  thresholds: VideoMatchThresholds = vpdqMatchThresholds,
): VideoMatchShares & { match: boolean } => {
  const shares = matchVideos(query, compared, thresholds);
  const match = shares.queryMatchPercent > 0 && shares.queryMatchPercent >= thresholds.queryMatchPercent && shares.comparedMatchPercent >= thresholds.comparedMatchPercent;
  return { ...shares, match };
};
