import type { ExplainedLabel } from '../../contract/responses';
import { dihedralNames, type DihedralName, type PdqDihedralResult } from './pdq';
import { defaultPdqMatchDistance, minimumPdqMatchQuality, parsePdqHex, pdqHex, pdqHexPattern, type PdqHash } from './pdq-hash';
import { PdqIndex } from './pdq-index';

/**
 * A hash bank: a named list of PDQ hashes (a unit's imported list, or the media of earlier
 * referrals) with its own match distance, held in a `PdqIndex`. Matching a new image asks every
 * bank with the image's 8 dihedral hashes, so a mirrored or rotated re-upload matches too.
 */

/** The bank of every referral's media: a match there links two referrals as the same media. */
export const referralMediaBank = 'referrals';

export interface BankEntry {
  /** Stable within the bank: a list's line key, or the referral and artifact a hash came from. */
  entryId: string;
  /** 64 hex digits, the reference's order. */
  pdq: string;
  label?: string;
  source?: string;
  /** Set when the entry is the media of a referral: a match links the two referrals. */
  referralId?: string;
}

export interface MediaMatch {
  bank: string;
  entry: BankEntry;
  distance: number;
  /** Which dihedral hash of the new image matched: `original`, or the flip or rotation it undoes. */
  transform: DihedralName;
  maxDistance: number;
}

export class HashBank {
  readonly name: string;
  readonly maxDistance: number;
  readonly #index: PdqIndex;
  readonly #entries: (BankEntry | undefined)[] = [];
  readonly #idOf = new Map<string, number>();

  constructor(name: string, options: { maxDistance?: number } = {}) {
    this.name = name;
    this.maxDistance = options.maxDistance ?? defaultPdqMatchDistance;
    this.#index = new PdqIndex({ maxDistance: this.maxDistance });
  }

  get size(): number {
    return this.#idOf.size;
  }

  /** Adds or replaces an entry; false when its hash is not 64 hex digits. */
  add(entry: BankEntry): boolean {
    const hash = parsePdqHex(entry.pdq);
    if (!hash) return false;
    this.remove(entry.entryId);
    const id = this.#index.add(hash);
    this.#entries[id] = { ...entry, pdq: pdqHex(hash) };
    this.#idOf.set(entry.entryId, id);
    return true;
  }

  /**
   * Adds many entries and builds the index once, as a cold start does (adding one at a time
   * rebuilds the index every few thousand). A later entry replaces an earlier one of its id. The
   * bank keeps the entry objects it is given (a cold start's, read for it), copying only those
   * whose hash is not yet in the reference's lower-case hex.
   */
  addAll(entries: Iterable<BankEntry>): void {
    const parsed: { entry: BankEntry; hash: PdqHash }[] = [];
    for (const entry of entries) {
      const hash = parsePdqHex(entry.pdq);
      if (hash) parsed.push({ entry, hash });
    }
    let id = this.#index.size;
    this.#index.addAll(parsed.map(({ hash }) => hash));
    for (const { entry, hash } of parsed) {
      this.remove(entry.entryId);
      this.#entries[id] = pdqHexPattern.test(entry.pdq) ? entry : { ...entry, pdq: pdqHex(hash) };
      this.#idOf.set(entry.entryId, id);
      id++;
    }
  }

  /** Every entry the bank holds (for a snapshot of it). */
  entries(): BankEntry[] {
    return [...this.#idOf.values()].flatMap((id) => this.#entries[id] ?? []);
  }

  /** Removes every entry of these referrals (their retention purge); returns how many the bank held. */
  removeReferrals(referralIds: ReadonlySet<string>): number {
    if (referralIds.size === 0) return 0;
    const gone = this.entries().filter((entry) => entry.referralId !== undefined && referralIds.has(entry.referralId));
    for (const entry of gone) this.remove(entry.entryId);
    return gone.length;
  }

  remove(entryId: string): void {
    const id = this.#idOf.get(entryId);
    if (id === undefined) return;
    this.#index.remove(id);
    this.#entries[id] = undefined;
    this.#idOf.delete(entryId);
  }

  /** The nearest dihedral match per entry within the bank's distance, nearest first. */
  match(media: PdqDihedralResult): MediaMatch[] {
    const best = new Map<number, { distance: number; transform: DihedralName }>();
    for (const transform of dihedralNames) {
      for (const { id, distance } of this.#index.search(media.hashes[transform])) {
        const known = best.get(id);
        if (!known || distance < known.distance) best.set(id, { distance, transform });
      }
    }
    return [...best]
      .flatMap(([id, { distance, transform }]) => {
        const entry = this.#entries[id];
        return entry ? [{ bank: this.name, entry, distance, transform, maxDistance: this.maxDistance }] : [];
      })
      .sort((a, b) => a.distance - b.distance || a.entry.entryId.localeCompare(b.entry.entryId));
  }
}

/**
 * Every bank's matches for one image. An image of quality under 50 (flat, tiny or blurred) matches
 * nothing: its hash is mostly noise, and Meta's tools do not match such hashes either.
 */
export const matchMedia = (banks: readonly HashBank[], media: PdqDihedralResult): MediaMatch[] =>
  media.quality < minimumPdqMatchQuality ? [] : banks.flatMap((bank) => bank.match(media));

/** A match as a referral label, explained like every label: which rule, on what evidence. */
export const mediaMatchLabel = (match: MediaMatch, media: { sha256: string; pdq: string }): ExplainedLabel => ({
  name: match.entry.referralId ? 'same-media' : 'hash-bank-match',
  value: match.entry.referralId ?? `${match.bank}/${match.entry.entryId}`,
  rule: `pdq distance ${match.distance} <= ${match.maxDistance}${match.transform === 'original' ? '' : ` (${match.transform})`}`,
  evidence: [
    `artifact sha256 ${media.sha256} pdq ${media.pdq}`,
    `bank ${match.bank} entry ${match.entry.entryId} pdq ${match.entry.pdq}`,
    ...(match.entry.label ? [`label ${match.entry.label}`] : []),
    ...(match.entry.source ? [`source ${match.entry.source}`] : []),
  ],
});
