import type { HashBankStore } from '../adapters/stores/hash-bank-store';
import { keys } from '../adapters/table/keys';
import { HashBank, matchMedia, mediaMatchLabel } from '../core/media/hash-bank';
import type { ImageHashResult } from '../core/media/media-check';
import { dihedralNames, type DihedralName, type PdqDihedralResult } from '../core/media/pdq';
import { defaultPdqMatchDistance, minimumPdqMatchQuality, parsePdqHex, type PdqHash } from '../core/media/pdq-hash';

/** The bank of every referral's image hashes: a match there links two referrals as the same media. */
export const referralMediaBank = 'referrals';

/**
 * The hash banks in memory. Each report with images reads the small list of banks (one Query) and
 * reloads a bank whose `updatedAt` moved, so an imported list counts from the next report on. The
 * referrals' bank grows with every image; this instance adds its own images at once, and reloads
 * the bank after `refreshMs` to see what other instances added.
 */
export class MediaBanks {
  readonly #loaded = new Map<string, { bank: HashBank; version: string }>();
  #referralsLoadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<Map<string, HashBank>> | undefined;

  constructor(
    private readonly store: Pick<HashBankStore, 'listBanks' | 'listEntries' | 'labelReferral' | 'putEntries'>,
    private readonly now: () => number = Date.now,
    private readonly refreshMs = 60_000,
  ) {}

  /** Concurrent reports share one refresh. */
  async banks(): Promise<Map<string, HashBank>> {
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #refresh(): Promise<Map<string, HashBank>> {
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
      const bank = new HashBank(name, { maxDistance });
      for (const entry of await this.store.listEntries(name)) bank.add(entry);
      this.#loaded.set(name, { bank, version });
    }
    for (const name of this.#loaded.keys()) if (!wanted.has(name)) this.#loaded.delete(name);
    return new Map([...this.#loaded].map(([name, { bank }]) => [name, bank]));
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
      const matches = matchMedia([...banks.values()], media).filter((match) => match.entry.referralId !== referralId);
      if (matches.length > 0) await this.store.labelReferral(referralId, sha256, matches.map((match) => mediaMatchLabel(match, { sha256, pdq: image.pdq })));
      const entry = { entryId: keys.hashBankEntry(referralMediaBank, image.pdq, referralId).sk, pdq: image.pdq, referralId, quality: image.quality, source: `artifact ${sha256}` };
      await this.store.putEntries(referralMediaBank, [entry], at);
      banks.get(referralMediaBank)?.add(entry);
    }
  }
}
