import type { HashBankSnapshots } from '../adapters/hash-bank-snapshots';
import type { BankAdditions, HashBankStore, StoredBankEntry } from '../adapters/stores/hash-bank-store';
import { keys } from '../adapters/table/keys';
import { HashBank, matchMedia, mediaMatchLabel, referralMediaBank } from '../core/media/hash-bank';
import type { ImageHashResult } from '../core/media/media-check';
import { dihedralNames, type DihedralName, type PdqDihedralResult } from '../core/media/pdq';
import { defaultPdqMatchDistance, minimumPdqMatchQuality, parsePdqHex, type PdqHash } from '../core/media/pdq-hash';
import { VideoBank, videoFramesDigest, videoMatchLabel, type VideoBankEntry } from '../core/media/video-bank';
import type { CapturedVideoV1 } from '../contract/report';

/** A bank in memory: its image hashes and its videos, each in its own index. */
export interface LoadedBank {
  images: HashBank;
  videos: VideoBank;
}

export { referralMediaBank };

/** The store calls MediaBanks makes: the bank registry, whole partitions, the bank index, and its writes. */
export type MediaBankStore = Pick<HashBankStore, 'listBanks' | 'listEntries' | 'listVideos' | 'listAdditionsSince' | 'labelReferral' | 'putEntries' | 'putVideo'>;

export interface MediaBanksOptions {
  /** Snapshots of the banks (S3 in the cloud): a cold start reads one object a bank instead of its partition. */
  snapshots?: HashBankSnapshots;
  now?: () => number;
  /** How often the referrals' bank is brought up to date with other instances' additions. */
  refreshMs?: number;
  /**
   * Additions are read from this long before the last read: the bank index is eventually
   * consistent, and an entry's `addedAt` is taken a little before its write lands.
   */
  marginMs?: number;
  /** A cold start that had to read this many additions beyond its snapshot (or had none) writes a new one. */
  snapshotAfter?: number;
  /**
   * A snapshot that cannot be read or written (S3 down, a missing grant) is told here, and the
   * bank is read from the table: a snapshot only saves time, so it never fails a report.
   */
  onSnapshotError?: (bank: string, operation: 'read' | 'write', error: unknown) => void;
}

interface BankState extends LoadedBank {
  maxDistance: number;
  /** The registry's `updatedAt`: an import moves it. */
  updatedAt: string | undefined;
  /** When this instance last read the table for the bank: additions are read from here (less the margin). */
  readAt: number;
}

/** Every entry of a bank from the table, the source of truth (a Query of its partition). */
const readWholeBank = async (store: MediaBankStore, bank: string): Promise<{ images: StoredBankEntry[]; videos: VideoBankEntry[] }> => ({
  images: await store.listEntries(bank),
  videos: await store.listVideos(bank),
});

/**
 * Writes a bank's snapshot from the table, complete up to `takenAt`: after an import (hashes CLI),
 * so the next cold start reads the list as one object.
 */
export const writeBankSnapshot = async (store: MediaBankStore, snapshots: HashBankSnapshots, bank: string, takenAt: Date): Promise<number> => {
  const whole = await readWholeBank(store, bank);
  await snapshots.write({ bank, takenAt: takenAt.toISOString(), ...whole });
  return whole.images.length + whole.videos.length;
};

/**
 * The hash banks in memory, each an index of its image hashes and one of its videos' frames. A
 * cold start reads each bank's snapshot and then only what the bank index lists as added since
 * (without snapshots, the bank's partition); later, each report with media reads the small
 * registry (one Query) and brings a bank up to date by its additions since the last read: an
 * imported list when its `updatedAt` moved, the referrals' bank every `refreshMs`. This
 * instance adds its own media at once.
 */
export class MediaBanks {
  readonly #loaded = new Map<string, BankState>();
  #loading: Promise<Map<string, LoadedBank>> | undefined;
  readonly #snapshots: HashBankSnapshots | undefined;
  readonly #now: () => number;
  readonly #refreshMs: number;
  readonly #marginMs: number;
  readonly #snapshotAfter: number;
  readonly #onSnapshotError: NonNullable<MediaBanksOptions['onSnapshotError']>;

  constructor(
    private readonly store: MediaBankStore,
    options: MediaBanksOptions = {},
  ) {
    this.#snapshots = options.snapshots;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 60_000;
    this.#marginMs = options.marginMs ?? 5 * 60_000;
    this.#snapshotAfter = options.snapshotAfter ?? 10_000;
    this.#onSnapshotError = options.onSnapshotError ?? (() => undefined);
  }

  /** Concurrent reports share one refresh. */
  async banks(): Promise<Map<string, LoadedBank>> {
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #refresh(): Promise<Map<string, LoadedBank>> {
    const registered = await this.store.listBanks();
    const wanted = new Map<string, { maxDistance: number; updatedAt: string | undefined }>(registered.map((bank) => [bank.bank, { maxDistance: bank.maxDistance, updatedAt: bank.updatedAt }]));
    // The referrals' bank changes with every image, not through its registry item: refreshed by age.
    if (!wanted.has(referralMediaBank)) wanted.set(referralMediaBank, { maxDistance: defaultPdqMatchDistance, updatedAt: undefined });
    for (const [name, { maxDistance, updatedAt }] of wanted) {
      const loaded = this.#loaded.get(name);
      // A new distance builds new indexes: read the bank afresh.
      if (!loaded || loaded.maxDistance !== maxDistance) {
        this.#loaded.set(name, await this.#coldLoad(name, maxDistance, updatedAt));
        continue;
      }
      const due = name === referralMediaBank ? this.#now() - loaded.readAt > this.#refreshMs : loaded.updatedAt !== updatedAt;
      if (!due) continue;
      const readAt = this.#now();
      this.#apply(loaded, await this.store.listAdditionsSince(name, this.#sinceFor(loaded.readAt)));
      loaded.readAt = readAt;
      loaded.updatedAt = updatedAt;
    }
    for (const name of this.#loaded.keys()) if (!wanted.has(name)) this.#loaded.delete(name);
    return new Map([...this.#loaded].map(([name, { images, videos }]) => [name, { images, videos }]));
  }

  #sinceFor(readAt: number): string {
    return new Date(readAt - this.#marginMs).toISOString();
  }

  #addAll(bank: LoadedBank, entries: { images: readonly StoredBankEntry[]; videos: readonly VideoBankEntry[] }): void {
    bank.images.addAll(entries.images);
    bank.videos.addAll(entries.videos);
  }

  /**
   * Adds what the bank index lists, then drops the media of the referrals it lists as purged: an
   * entry this instance (or its snapshot) still holds, or one the index lists before its delete.
   * Returns how many entries and videos the purges removed.
   */
  #apply(bank: LoadedBank, changes: BankAdditions): number {
    this.#addAll(bank, changes);
    const purged = new Set(changes.purgedReferrals);
    return bank.images.removeReferrals(purged) + bank.videos.removeReferrals(purged);
  }

  async #coldLoad(name: string, maxDistance: number, updatedAt: string | undefined): Promise<BankState> {
    const readAt = this.#now();
    const state: BankState = { images: new HashBank(name, { maxDistance }), videos: new VideoBank(name, { maxDistance }), maxDistance, updatedAt, readAt };
    const snapshot = await this.#snapshots?.read(name).catch((error: unknown) => {
      this.#onSnapshotError(name, 'read', error);
      return undefined;
    });
    if (snapshot) {
      const additions = await this.store.listAdditionsSince(name, this.#sinceFor(Date.parse(snapshot.takenAt)));
      this.#addAll(state, snapshot);
      const purged = this.#apply(state, additions);
      // A snapshot that still holds purged media is replaced at once, so the copy outlives the purge by one cold start.
      if (additions.images.length + additions.videos.length < this.#snapshotAfter && purged === 0) return state;
    } else {
      this.#addAll(state, await readWholeBank(this.store, name));
    }
    // No snapshot, one far behind, or one holding purged media: this instance writes what it
    // holds, complete up to when it began reading. Concurrent cold starts may each write one; any
    // of them is a valid snapshot.
    await this.#snapshots?.write({ bank: name, takenAt: new Date(readAt).toISOString(), images: state.images.entries(), videos: state.videos.entries() }).catch((error: unknown) => this.#onSnapshotError(name, 'write', error));
    return state;
  }

  /**
   * Labels the referral with every bank match of its image artifacts (a match in the referrals'
   * bank names the earlier referral: the same media at another URL), then adds the images to the
   * referrals' bank. Images of quality under 50 match nothing and are not banked.
   */
  async matchAndRemember(referralId: string, images: ReadonlyMap<string, ImageHashResult>, at: string): Promise<void> {
    const banks = await this.banks();
    for (const [sha256, image] of images) {
      if (!image.ok || image.quality < minimumPdqMatchQuality) continue;
      const media: PdqDihedralResult = {
        quality: image.quality,
        hashes: Object.fromEntries(dihedralNames.map((name) => [name, parsePdqHex(image.dihedral[name]) as PdqHash])) as Record<DihedralName, PdqHash>,
      };
      const matches = matchMedia([...banks.values()].map((bank) => bank.images), media).filter((match) => match.entry.referralId !== referralId);
      if (matches.length > 0) await this.store.labelReferral(referralId, sha256, matches.map((match) => mediaMatchLabel(match, { sha256, pdq: image.pdq })));
      const entry = { entryId: keys.hashBankEntry(referralMediaBank, image.pdq, referralId).sk, pdq: image.pdq, referralId, quality: image.quality, source: `artifact ${sha256}` };
      await this.store.putEntries(referralMediaBank, [entry], at);
      banks.get(referralMediaBank)?.images.add(entry);
    }
  }

  /**
   * Labels the referral with every bank's videos that the flagged video matches by vPDQ's rule (a
   * match in the referrals' bank names the earlier referral: the same video at another URL, linked,
   * not merged), then banks the video. The label is keyed by the video's frame digest, so a
   * redelivered report labels once; the bank entry is a Put of the same item.
   */
  async matchAndRememberVideos(referralId: string, videos: readonly CapturedVideoV1[], at: string): Promise<void> {
    const banks = await this.banks();
    for (const video of videos) {
      const videoId = videoFramesDigest(video.frames);
      const matches = [...banks.values()].flatMap((bank) => bank.videos.match(video.frames)).filter((match) => match.entry.referralId !== referralId);
      if (matches.length > 0) await this.store.labelReferral(referralId, `video:${videoId}`, matches.map((match) => videoMatchLabel(match, { videoId, url: video.url, sha256: video.sha256 })));
      const entry = await this.store.putVideo(referralMediaBank, { frames: video.frames, referralId, source: `video ${video.sha256} at ${video.url}` }, at);
      banks.get(referralMediaBank)?.videos.add(entry);
    }
  }
}
