import type { HashBankStore } from '../adapters/stores/hash-bank-store';
import { keys } from '../adapters/table/keys';
import { HashBank, matchMedia, mediaMatchLabel } from '../core/media/hash-bank';
import type { ImageHashResult } from '../core/media/media-check';
import { dihedralNames, type DihedralName, type PdqDihedralResult } from '../core/media/pdq';
import { defaultPdqMatchDistance, minimumPdqMatchQuality, parsePdqHex, type PdqHash } from '../core/media/pdq-hash';
import { VideoBank, videoFramesDigest, videoMatchLabel } from '../core/media/video-bank';
import type { CapturedVideoV1 } from '../contract/report';

/** A bank in memory: its image hashes and its videos, each in its own index. */
export interface LoadedBank {
  images: HashBank;
  videos: VideoBank;
}

/** The bank of every referral's image hashes: a match there links two referrals as the same media. */
export const referralMediaBank = 'referrals';

/**
 * The hash banks in memory. Each report with images reads the small list of banks (one Query) and
 * reloads a bank whose `updatedAt` moved, so an imported list counts from the next report on. The
 * referrals' bank grows with every image; this instance adds its own images at once, and reloads
 * the bank after `refreshMs` to see what other instances added.
 */
export class MediaBanks {
  readonly #loaded = new Map<string, LoadedBank & { version: string }>();
  #referralsLoadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<Map<string, LoadedBank>> | undefined;

  constructor(
    private readonly store: Pick<HashBankStore, 'listBanks' | 'listEntries' | 'listVideos' | 'labelReferral' | 'putEntries' | 'putVideo'>,
    private readonly now: () => number = Date.now,
    private readonly refreshMs = 60_000,
  ) {}

  /** Concurrent reports share one refresh. */
  async banks(): Promise<Map<string, LoadedBank>> {
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #refresh(): Promise<Map<string, LoadedBank>> {
    const registered = await this.store.listBanks();
    const wanted = new Map(registered.map((bank) => [bank.bank, { maxDistance: bank.maxDistance, version: `${bank.updatedAt}/${bank.maxDistance}` }]));
    // The referrals' bank changes with every image, not through its registry item: reloaded by age.
    const referralsDistance = wanted.get(referralMediaBank)?.maxDistance ?? defaultPdqMatchDistance;
    const stale = this.now() - this.#referralsLoadedAt > this.refreshMs;
    const loadedReferrals = this.#loaded.get(referralMediaBank);
    wanted.set(referralMediaBank, {
      maxDistance: referralsDistance,
      version: !stale && loadedReferrals ? loadedReferrals.version : `${referralsDistance} at ${this.now()}`,
    });
    if (stale) this.#referralsLoadedAt = this.now();
    for (const [name, { maxDistance, version }] of wanted) {
      if (this.#loaded.get(name)?.version === version) continue;
      const images = new HashBank(name, { maxDistance });
      for (const entry of await this.store.listEntries(name)) images.add(entry);
      const videos = new VideoBank(name, { maxDistance });
      for (const entry of await this.store.listVideos(name)) videos.add(entry);
      this.#loaded.set(name, { images, videos, version });
    }
    for (const name of this.#loaded.keys()) if (!wanted.has(name)) this.#loaded.delete(name);
    return new Map([...this.#loaded].map(([name, { images, videos }]) => [name, { images, videos }]));
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
