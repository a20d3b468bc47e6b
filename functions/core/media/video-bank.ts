import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ExplainedLabel } from '../../contract/responses';
import { parsePdqHex } from './pdq-hash';
import { PdqIndex } from './pdq-index';
import { isVideoMatch, vpdqMatchThresholds, type VideoFrameHash, type VideoMatchShares, type VideoMatchThresholds } from './vpdq';

/**
 * The videos of a hash bank, matched as vPDQ does (vpdq.ts) without comparing the new video with
 * every video: each banked video's usable frames go into one `PdqIndex`, so a query frame finds
 * the videos holding a frame within the distance, and only those candidates are compared whole.
 * A video sharing no frame with the query cannot reach a share above zero, so nothing is missed.
 */

export interface VideoBankEntry {
  /** Stable within the bank: the video's frame digest, with the referral it came from. */
  entryId: string;
  frames: readonly VideoFrameHash[];
  label?: string;
  source?: string;
  /** Set when the entry is the video of a referral: a match links the two referrals. */
  referralId?: string;
}

export interface VideoMatch extends VideoMatchShares {
  bank: string;
  entry: VideoBankEntry;
  /** How many of each video's frames were usable (unique, quality at least the threshold). */
  queryFrames: number;
  comparedFrames: number;
  thresholds: VideoMatchThresholds;
}

/** The unique frames of quality at or above the threshold, as vpdq.ts counts them. */
const usableFrameHashes = (frames: readonly VideoFrameHash[], quality: number): string[] => [
  ...new Set(frames.filter((frame) => frame.quality >= quality && parsePdqHex(frame.pdq) !== undefined).map((frame) => frame.pdq)),
];

export class VideoBank {
  readonly name: string;
  readonly thresholds: VideoMatchThresholds;
  readonly #index: PdqIndex;
  /** Index id (one frame) to the entry it belongs to. */
  readonly #entryOfFrame: (string | undefined)[] = [];
  readonly #entries = new Map<string, { entry: VideoBankEntry; frameIds: number[] }>();

  constructor(name: string, options: { maxDistance?: number } = {}) {
    this.name = name;
    this.thresholds = { ...vpdqMatchThresholds, distance: options.maxDistance ?? vpdqMatchThresholds.distance };
    this.#index = new PdqIndex({ maxDistance: this.thresholds.distance });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Adds or replaces a video; false when none of its frames is usable (it could never match). */
  add(entry: VideoBankEntry): boolean {
    this.remove(entry.entryId);
    const usable = usableFrameHashes(entry.frames, this.thresholds.quality);
    if (usable.length === 0) return false;
    const frameIds = usable.map((hex) => {
      const id = this.#index.add(parsePdqHex(hex) as Uint16Array);
      this.#entryOfFrame[id] = entry.entryId;
      return id;
    });
    this.#entries.set(entry.entryId, { entry, frameIds });
    return true;
  }

  /** Adds many videos and builds the frame index once (a cold start); a later video replaces an earlier one of its id. */
  addAll(entries: Iterable<VideoBankEntry>): void {
    const batch = [...entries].map((entry) => ({ entry, usable: usableFrameHashes(entry.frames, this.thresholds.quality) })).filter(({ usable }) => usable.length > 0);
    let id = this.#index.size;
    this.#index.addAll(batch.flatMap(({ usable }) => usable.map((hex) => parsePdqHex(hex) as Uint16Array)));
    for (const { entry, usable } of batch) {
      this.remove(entry.entryId);
      const frameIds = usable.map(() => {
        this.#entryOfFrame[id] = entry.entryId;
        return id++;
      });
      this.#entries.set(entry.entryId, { entry, frameIds });
    }
  }

  /** Every video the bank holds (for a snapshot of it). */
  entries(): VideoBankEntry[] {
    return [...this.#entries.values()].map(({ entry }) => entry);
  }

  /** Removes every video of these referrals (their retention purge); returns how many the bank held. */
  removeReferrals(referralIds: ReadonlySet<string>): number {
    if (referralIds.size === 0) return 0;
    const gone = this.entries().filter((entry) => entry.referralId !== undefined && referralIds.has(entry.referralId));
    for (const entry of gone) this.remove(entry.entryId);
    return gone.length;
  }

  remove(entryId: string): void {
    const known = this.#entries.get(entryId);
    if (!known) return;
    for (const id of known.frameIds) {
      this.#index.remove(id);
      this.#entryOfFrame[id] = undefined;
    }
    this.#entries.delete(entryId);
  }

  /** The banked videos that match the query by vPDQ's rule, the largest query share first. */
  match(query: readonly VideoFrameHash[]): VideoMatch[] {
    const queryHashes = usableFrameHashes(query, this.thresholds.quality);
    const candidates = new Set<string>();
    for (const hex of queryHashes) {
      for (const { id } of this.#index.search(parsePdqHex(hex) as Uint16Array)) {
        const entryId = this.#entryOfFrame[id];
        if (entryId !== undefined) candidates.add(entryId);
      }
    }
    const matches: VideoMatch[] = [];
    for (const entryId of candidates) {
      const known = this.#entries.get(entryId);
      if (!known) continue;
      const verdict = isVideoMatch(query, known.entry.frames, this.thresholds);
      if (!verdict.match) continue;
      matches.push({
        bank: this.name,
        entry: known.entry,
        queryMatchPercent: verdict.queryMatchPercent,
        comparedMatchPercent: verdict.comparedMatchPercent,
        queryFrames: queryHashes.length,
        comparedFrames: known.frameIds.length,
        thresholds: this.thresholds,
      });
    }
    return matches.sort((a, b) => b.queryMatchPercent - a.queryMatchPercent || b.comparedMatchPercent - a.comparedMatchPercent || a.entry.entryId.localeCompare(b.entry.entryId));
  }
}

/**
 * A video's identity in a bank: the SHA-256 of its frame hashes in order, with their times. The
 * server cannot decode video, so it names a video by what it matches on; a redelivered report
 * gives the same id, and so the same bank entry and label key.
 */
export const videoFramesDigest = (frames: readonly VideoFrameHash[]): string =>
  bytesToHex(sha256(new TextEncoder().encode(frames.map((frame) => `${frame.pdq}:${frame.quality}:${frame.timestamp}`).join('\n'))));

/** A share as a label shows it: whole per cent, rounded down so a label never claims more than was found. */
const percent = (share: number): string => `${Math.floor(share)}%`;

/**
 * A video match as a referral label, explained like every label: the rule is vPDQ's with the shares
 * found, the evidence names both videos and how many usable frames each had.
 */
export const videoMatchLabel = (match: VideoMatch, video: { videoId: string; url: string; sha256: string }): ExplainedLabel => ({
  name: match.entry.referralId ? 'same-media' : 'hash-bank-match',
  value: match.entry.referralId ?? `${match.bank}/${match.entry.entryId}`,
  rule:
    `vpdq ${percent(match.queryMatchPercent)} of this video's frames >= ${match.thresholds.queryMatchPercent}%` +
    ` (other video ${percent(match.comparedMatchPercent)}), frames within pdq distance ${match.thresholds.distance}, quality >= ${match.thresholds.quality}`,
  evidence: [
    `video ${video.videoId} sha256 ${video.sha256} at ${video.url}: ${match.queryFrames} usable frames`,
    `bank ${match.bank} entry ${match.entry.entryId}: ${match.comparedFrames} usable frames`,
    ...(match.entry.label ? [`label ${match.entry.label}`] : []),
    ...(match.entry.source ? [`source ${match.entry.source}`] : []),
  ],
});
