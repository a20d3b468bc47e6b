import { describe, expect, it } from 'vitest';
import { pdqDistance, type PdqHash } from './pdq-hash';
import { PdqIndex, type PdqIndexMatch } from './pdq-index';

/** A small deterministic generator (mulberry32), so a failure reproduces. */
const generator = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const randomHash = (random: () => number): PdqHash => Uint16Array.from({ length: 16 }, () => Math.floor(random() * 65536));

/** A copy with `bits` distinct bits flipped. */
const flipped = (hash: PdqHash, bits: number, random: () => number): PdqHash => {
  const copy = hash.slice();
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(Math.floor(random() * 256));
  for (const bit of chosen) copy[bit >> 4] = (copy[bit >> 4] ?? 0) ^ (1 << (bit & 15));
  return copy;
};

const bruteForce = (hashes: PdqHash[], removed: Set<number>, query: PdqHash, maxDistance: number): PdqIndexMatch[] => {
  const matches: PdqIndexMatch[] = [];
  hashes.forEach((hash, id) => {
    const distance = pdqDistance(query, hash);
    if (distance <= maxDistance && !removed.has(id)) matches.push({ id, distance });
  });
  return matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
};

/**
 * Random hashes with planted near copies at every distance from 0 to 48, so that each threshold has
 * true matches just inside and just outside it, including copies whose differing bits crowd into
 * few chunks (the case the pigeonhole argument must still catch).
 */
const plantedSet = (random: () => number, count: number) => {
  const hashes: PdqHash[] = [];
  const queries: PdqHash[] = [];
  while (hashes.length < count) {
    const hash = randomHash(random);
    hashes.push(hash);
    if (hashes.length % 50 === 0) {
      queries.push(hash);
      for (let distance = 0; distance <= 48; distance += 3) hashes.push(flipped(hash, distance, random));
      const crowded = hash.slice();
      crowded[3] = ~(crowded[3] ?? 0) & 0xffff;
      crowded[9] = (crowded[9] ?? 0) ^ 0x7fff;
      hashes.push(crowded);
    }
  }
  return { hashes, queries };
};

describe('PdqIndex (multi-index hashing)', () => {
  it('finds exactly what a brute-force scan finds, at every threshold from 0 to 47', () => {
    const random = generator(1);
    const { hashes, queries } = plantedSet(random, 8_000);
    const index = new PdqIndex();
    index.addAll(hashes);
    for (const maxDistance of [0, 1, 15, 16, 30, 31, 32, 47]) {
      for (const query of [...queries.slice(0, 20), randomHash(random)]) {
        expect(index.search(query, maxDistance)).toEqual(bruteForce(hashes, new Set(), query, maxDistance));
      }
    }
    expect(index.search(queries[0] as PdqHash).length).toBeGreaterThan(10);
  });

  it('defaults to distance 31, and takes another threshold at construction', () => {
    const random = generator(2);
    const base = randomHash(random);
    const hashes = [base, flipped(base, 31, random), flipped(base, 32, random), flipped(base, 40, random)];
    const index = new PdqIndex();
    index.addAll(hashes);
    expect(index.search(base).map((m) => m.distance)).toEqual([0, 31]);
    const wider = new PdqIndex({ maxDistance: 40 });
    wider.addAll(hashes);
    expect(wider.search(base).map((m) => m.distance)).toEqual([0, 31, 32, 40]);
  });

  it('keeps answering like brute force while hashes are added one by one across rebuilds, and removed', () => {
    const random = generator(3);
    const { hashes, queries } = plantedSet(random, 9_000);
    const index = new PdqIndex({ initialCapacity: 4 });
    const removed = new Set<number>();
    hashes.forEach((hash, i) => {
      expect(index.add(hash)).toBe(i);
      if (i % 997 === 0) {
        for (const query of queries.slice(0, 5)) expect(index.search(query)).toEqual(bruteForce(hashes.slice(0, i + 1), removed, query, 31));
      }
      if (i % 7 === 0) {
        index.remove(i);
        removed.add(i);
      }
    });
    for (const query of queries) expect(index.search(query)).toEqual(bruteForce(hashes, removed, query, 31));
    index.rebuild();
    for (const query of queries) expect(index.search(query)).toEqual(bruteForce(hashes, removed, query, 31));
    expect(index.hashOf(7)).toBeUndefined();
    expect(index.hashOf(8)).toEqual(hashes[8]);
    expect(index.size).toBe(hashes.length);
  });

  it('holds 4 bytes per hash and chunk plus the hashes themselves', () => {
    const random = generator(4);
    const index = new PdqIndex({ initialCapacity: 10_000 });
    index.addAll(Array.from({ length: 10_000 }, () => randomHash(random)));
    expect(index.memoryBytes()).toBe(10_000 * 32 + 10_000 + 16 * (65_537 * 4 + 10_000 * 4));
  });
});
