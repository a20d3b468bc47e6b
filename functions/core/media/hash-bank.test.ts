import { describe, expect, it } from 'vitest';
import { HashBank, matchMedia, mediaMatchLabel } from './hash-bank';
import { dihedralNames, type DihedralName, type PdqDihedralResult } from './pdq';
import { parsePdqHex, pdqHex, type PdqHash } from './pdq-hash';

/** The dihedral hashes pdqhash gives images/astronaut_a/original.png (tests/fixtures/pdq/vectors.json). */
const astronaut: Record<DihedralName, string> = {
  original: 'fea7622d2e2f589694da269a17452a8409a28fc0afbf420f5d017de6ede0b758',
  rotate90: '88632ee1e52701b0b1ee1190ef71fc109de6b5b8e0a6e3deec310cc3bcb41dc7',
  rotate180: 'abfac8c76b7a723ccb8f1c306230c02e5cf7254afaeae8a50850d54cb8b51df2',
  rotate270: 'c836844bb072ab18a4bbbb3aba2057bac8b31f12b4b34974b964a661e9e1b76d',
  flipX: 'feaf81923e2f276996da49651745155b09a2601fafbfbdf05d018019ede048a7',
  flipY: 'abfa23386b7a0dc3c38f63cf42103ed15cf7ca95faea175a085028b3a8b5e20d',
  flipPlus1: '8863d01ee5279a0db1eeae6fe77102ef9de60a47e0a61c216c31f334bcb4e238',
  flipMinus1: 'c9367bb4b27214a7ecbb04c5ba20a845c8b3e0edb7b3b68bb9645996e9e14892',
};
const media = (quality = 100): PdqDihedralResult => ({
  quality,
  hashes: Object.fromEntries(dihedralNames.map((name) => [name, parsePdqHex(astronaut[name]) as PdqHash])) as Record<DihedralName, PdqHash>,
});

/** The hex with its first `bits` bits flipped. */
const nearby = (hex: string, bits: number): string => {
  const hash = parsePdqHex(hex) as PdqHash;
  for (let bit = 0; bit < bits; bit++) hash[bit >> 4] = (hash[bit >> 4] ?? 0) ^ (1 << (bit & 15));
  return pdqHex(hash);
};

describe('hash banks', () => {
  it('matches a re-encoded copy within the distance, and a mirrored copy through its dihedral hash', () => {
    const bank = new HashBank('gifct');
    bank.add({ entryId: 'poster-1', pdq: nearby(astronaut.original, 12), label: 'poster', source: 'gifct' });
    bank.add({ entryId: 'mirrored', pdq: astronaut.flipY });
    bank.add({ entryId: 'far', pdq: nearby(astronaut.original, 40) });
    expect(matchMedia([bank], media()).map((m) => [m.entry.entryId, m.distance, m.transform])).toEqual([
      ['mirrored', 0, 'flipY'],
      ['poster-1', 12, 'original'],
    ]);
  });

  it("keeps each bank's own distance", () => {
    const strict = new HashBank('strict', { maxDistance: 10 });
    strict.add({ entryId: 'a', pdq: nearby(astronaut.original, 12) });
    const wide = new HashBank('wide', { maxDistance: 45 });
    wide.add({ entryId: 'b', pdq: nearby(astronaut.original, 40) });
    expect(matchMedia([strict, wide], media()).map((m) => `${m.bank}/${m.entry.entryId}`)).toEqual(['wide/b']);
  });

  it('matches nothing for an image of quality under 50', () => {
    const bank = new HashBank('gifct');
    bank.add({ entryId: 'same', pdq: astronaut.original });
    expect(matchMedia([bank], media(49))).toEqual([]);
    expect(matchMedia([bank], media(50))).toHaveLength(1);
  });

  it('replaces an entry added again under its id, forgets a removed one, and refuses a malformed hash', () => {
    const bank = new HashBank('b');
    bank.add({ entryId: 'e', pdq: nearby(astronaut.original, 50) });
    bank.add({ entryId: 'e', pdq: astronaut.original.toUpperCase() });
    expect(bank.match(media()).map((m) => [m.entry.pdq, m.distance])).toEqual([[astronaut.original, 0]]);
    bank.remove('e');
    expect(bank.match(media())).toEqual([]);
    expect(bank.add({ entryId: 'x', pdq: 'abc' })).toBe(false);
    expect(bank.size).toBe(0);
  });

  it('adds a cold start\'s entries in one build, as one at a time would: later ids replace earlier ones, malformed hashes are skipped', () => {
    const bank = new HashBank('list');
    bank.add({ entryId: 'kept', pdq: nearby(astronaut.original, 3) });
    bank.addAll([
      { entryId: 'a', pdq: '0'.repeat(64) },
      { entryId: 'bad', pdq: 'not a hash' },
      { entryId: 'a', pdq: nearby(astronaut.original, 10), label: 'second' },
    ]);
    expect(bank.size).toBe(2);
    expect(bank.entries().map((entry) => entry.entryId).sort()).toEqual(['a', 'kept']);
    expect(bank.match(media()).map((match) => [match.entry.entryId, match.distance, match.entry.label])).toEqual([
      ['kept', 3, undefined],
      ['a', 10, 'second'],
    ]);
  });

  it('labels a match with the rule and the evidence: a bank entry, or an earlier referral of the same media', () => {
    const bank = new HashBank('eu-iru-list');
    bank.add({ entryId: 'line-7', pdq: astronaut.flipY, label: 'poster', source: 'tcap' });
    const referrals = new HashBank('referrals');
    referrals.add({ entryId: 'ref_1/abc', pdq: nearby(astronaut.original, 3), referralId: 'ref_1' });
    const sha256 = 'a'.repeat(64);
    const labels = matchMedia([bank, referrals], media()).map((match) => mediaMatchLabel(match, { sha256, pdq: astronaut.original }));
    expect(labels).toEqual([
      {
        name: 'hash-bank-match',
        value: 'eu-iru-list/line-7',
        rule: 'pdq distance 0 <= 31 (flipY)',
        evidence: [`artifact sha256 ${sha256} pdq ${astronaut.original}`, `bank eu-iru-list entry line-7 pdq ${astronaut.flipY}`, 'label poster', 'source tcap'],
      },
      {
        name: 'same-media',
        value: 'ref_1',
        rule: 'pdq distance 3 <= 31',
        evidence: [`artifact sha256 ${sha256} pdq ${astronaut.original}`, `bank referrals entry ref_1/abc pdq ${nearby(astronaut.original, 3)}`],
      },
    ]);
  });
});
