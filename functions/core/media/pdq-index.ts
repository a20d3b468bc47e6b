import { defaultPdqMatchDistance, pdqWords, popcount32, type PdqHash } from './pdq-hash';

/**
 * An in-memory index of PDQ hashes that finds every hash within a Hamming distance of a query without
 * scanning them all: multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space
 * with Multi-Index Hashing", 2012; the scheme of Meta's pdq/cpp/index/mih.h).
 *
 * The 256 bits split into 16 chunks of 16 bits (the hash's own words, one DCT row each). If two hashes
 * are within distance d, at least one chunk differs in at most floor(d / 16) bits (pigeonhole: 16
 * chunks each differing in more would differ in at least 16 * (floor(d / 16) + 1) > d bits). So a
 * query looks up, in each chunk's table, its own chunk value and every value within that radius
 * (1 + 16 = 17 exact lookups per chunk at d = 31), and verifies each hash found by its full distance.
 * With uniformly spread hashes a lookup finds n / 65536 hashes: about 4,200 to verify among 1,000,000.
 *
 * Each chunk's table is a compressed bucket list (an offset per chunk value, then the ids sorted by
 * value: 4 bytes per hash and chunk), built by counting sort. Hashes added later wait in a short
 * unindexed tail that every query scans, and the tables are rebuilt when the tail grows past a
 * fraction of the indexed part, so additions cost amortised microseconds.
 */

const chunkValues = 1 << 16;
const wordsPerHash32 = pdqWords / 2;

export interface PdqIndexMatch {
  /** The number `add` returned for the hash. */
  id: number;
  distance: number;
}

export interface PdqIndexOptions {
  /** The largest distance `search` reports unless told otherwise. @default 31 */
  maxDistance?: number;
  /** Hashes to make room for at first. @default 1024 */
  initialCapacity?: number;
}

/** Every 16-bit mask of at most `radius` set bits, fewest bits first. */
const masksWithin = (radius: number): Uint16Array => {
  const masks: number[] = [];
  for (let mask = 0; mask < chunkValues; mask++) if (popcount32(mask) <= radius) masks.push(mask);
  masks.sort((a, b) => popcount32(a) - popcount32(b));
  return Uint16Array.from(masks);
};

/** Distance from the query to stored hash `id`, stopping once past `limit`. */
const distanceTo = (words32: Uint32Array, query32: Uint32Array, id: number, limit: number): number => {
  const base = id * wordsPerHash32;
  let distance = 0;
  for (let w = 0; w < wordsPerHash32 && distance <= limit; w++) distance += popcount32(((query32[w] as number) ^ (words32[base + w] as number)) >>> 0);
  return distance;
};

export class PdqIndex {
  readonly maxDistance: number;
  #words16: Uint16Array;
  #words32: Uint32Array;
  #count = 0;
  #removed: Uint8Array;
  #removedCount = 0;
  /** Hashes with an id below this are in the chunk tables; the others are scanned. */
  #indexedCount = 0;
  #offsets: Uint32Array[] = [];
  #ids: Uint32Array[] = [];
  #masks = new Map<number, Uint16Array>();

  constructor(options: PdqIndexOptions = {}) {
    this.maxDistance = options.maxDistance ?? defaultPdqMatchDistance;
    const capacity = Math.max(1, options.initialCapacity ?? 1024);
    this.#words16 = new Uint16Array(capacity * pdqWords);
    this.#words32 = new Uint32Array(this.#words16.buffer);
    this.#removed = new Uint8Array(capacity);
  }

  /** Hashes added, removed ones included (ids are never reused). */
  get size(): number {
    return this.#count;
  }

  /** Adds a hash and returns its id: 0, 1, 2... in the order of addition. */
  add(hash: PdqHash): number {
    if (this.#count === this.#removed.length) this.#grow(this.#count * 2);
    const id = this.#count++;
    this.#words16.set(hash.subarray(0, pdqWords), id * pdqWords);
    if (this.#count - this.#indexedCount > Math.max(4096, this.#indexedCount >> 5)) this.rebuild();
    return id;
  }

  /** Adds many hashes and builds the tables once (a cold start). */
  addAll(hashes: Iterable<PdqHash>): void {
    for (const hash of hashes) {
      if (this.#count === this.#removed.length) this.#grow(this.#count * 2);
      this.#words16.set(hash.subarray(0, pdqWords), this.#count++ * pdqWords);
    }
    this.rebuild();
  }

  /** The hash of an id, or undefined once removed. */
  hashOf(id: number): PdqHash | undefined {
    if (id < 0 || id >= this.#count || this.#removed[id]) return undefined;
    return this.#words16.slice(id * pdqWords, (id + 1) * pdqWords);
  }

  /** Stops reporting an id (a purged referral); it stays in the tables until the next rebuild skips it. */
  remove(id: number): void {
    if (id < 0 || id >= this.#count || this.#removed[id]) return;
    this.#removed[id] = 1;
    this.#removedCount++;
  }

  /** Every live hash within `maxDistance` of the query, nearest first (ties by id). */
  search(query: PdqHash, maxDistance = this.maxDistance): PdqIndexMatch[] {
    const matches: PdqIndexMatch[] = [];
    // A view over a copy, laid out as the stored hashes are, whatever the platform's byte order.
    const query32 = new Uint32Array(Uint16Array.from(query.subarray(0, pdqWords)).buffer);
    const radius = Math.floor(maxDistance / pdqWords);
    const words32 = this.#words32;
    const removed = this.#removed;
    if (this.#indexedCount > 0) {
      const masks = this.#masksFor(radius);
      const found = new Set<number>();
      for (let chunk = 0; chunk < pdqWords; chunk++) {
        const offsets = this.#offsets[chunk] as Uint32Array;
        const ids = this.#ids[chunk] as Uint32Array;
        const value = query[chunk] ?? 0;
        for (let m = 0; m < masks.length; m++) {
          const bucket = value ^ (masks[m] as number);
          const end = offsets[bucket + 1] as number;
          for (let at = offsets[bucket] as number; at < end; at++) {
            const id = ids[at] as number;
            const distance = distanceTo(words32, query32, id, maxDistance);
            if (distance <= maxDistance && !found.has(id) && !removed[id]) {
              found.add(id);
              matches.push({ id, distance });
            }
          }
        }
      }
    }
    for (let id = this.#indexedCount; id < this.#count; id++) {
      const distance = distanceTo(words32, query32, id, maxDistance);
      if (distance <= maxDistance && !removed[id]) matches.push({ id, distance });
    }
    return matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Rebuilds the chunk tables over every live hash (counting sort per chunk). */
  rebuild(): void {
    const count = this.#count;
    const live = count - this.#removedCount;
    const words16 = this.#words16;
    const removed = this.#removed;
    const offsetsList: Uint32Array[] = [];
    const idsList: Uint32Array[] = [];
    for (let chunk = 0; chunk < pdqWords; chunk++) {
      const offsets = new Uint32Array(chunkValues + 1);
      for (let id = 0; id < count; id++) {
        if (removed[id]) continue;
        const bucket = (words16[id * pdqWords + chunk] as number) + 1;
        offsets[bucket] = (offsets[bucket] as number) + 1;
      }
      for (let value = 0; value < chunkValues; value++) offsets[value + 1] = (offsets[value + 1] as number) + (offsets[value] as number);
      const next = offsets.slice(0, chunkValues);
      const ids = new Uint32Array(live);
      for (let id = 0; id < count; id++) {
        if (removed[id]) continue;
        const value = words16[id * pdqWords + chunk] as number;
        const at = next[value] as number;
        ids[at] = id;
        next[value] = at + 1;
      }
      offsetsList.push(offsets);
      idsList.push(ids);
    }
    this.#offsets = offsetsList;
    this.#ids = idsList;
    this.#indexedCount = count;
  }

  /** Bytes held by the hashes, the removal flags and the chunk tables. */
  memoryBytes(): number {
    const tables = [...this.#offsets, ...this.#ids].reduce((sum, table) => sum + table.byteLength, 0);
    return this.#words16.byteLength + this.#removed.byteLength + tables;
  }

  #masksFor(radius: number): Uint16Array {
    let masks = this.#masks.get(radius);
    if (!masks) {
      masks = masksWithin(radius);
      this.#masks.set(radius, masks);
    }
    return masks;
  }

  #grow(capacity: number): void {
    const words16 = new Uint16Array(capacity * pdqWords);
    words16.set(this.#words16);
    this.#words16 = words16;
    this.#words32 = new Uint32Array(words16.buffer);
    const removed = new Uint8Array(capacity);
    removed.set(this.#removed);
    this.#removed = removed;
  }
}
