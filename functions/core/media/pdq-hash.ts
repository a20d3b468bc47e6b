/**
 * A PDQ hash: 256 bits laid out as Meta's `Hash256` (facebook/ThreatExchange pdq/cpp/common/pdqhashtypes.h):
 * sixteen 16-bit words, word `i` holds row `i` of the 16x16 DCT, bit `j` of word `i` set when
 * coefficient (i, j) lies above the median. Bit number `16 * i + j` is the reference's bit index.
 */
export type PdqHash = Uint16Array;

export const pdqWords = 16;
export const pdqBits = 256;

/** The distance at or under which two PDQ hashes are the same image (Meta's recommended threshold). */
export const defaultPdqMatchDistance = 31;

/** Below this quality a hash says little about its image; Meta's tools do not match such hashes. */
export const minimumPdqMatchQuality = 50;

export const emptyPdqHash = (): PdqHash => new Uint16Array(pdqWords);

/** Bit `16 * i + j` (row i, column j of the DCT), as the reference numbers it. */
export const pdqBit = (hash: PdqHash, bit: number): 0 | 1 => (((hash[bit >> 4] ?? 0) >> (bit & 15)) & 1) as 0 | 1;

/**
 * Hex in the reference's order (`Hash256::format()`: words 15 down to 0, four digits each), so
 * the first digit holds bits 255..252. This is the form every PDQ tool and hash list exchanges.
 */
export const pdqHex = (hash: PdqHash): string => {
  let hex = '';
  for (let word = pdqWords - 1; word >= 0; word--) hex += (hash[word] ?? 0).toString(16).padStart(4, '0');
  return hex;
};

export const pdqHexPattern = /^[0-9a-f]{64}$/;

/** The inverse of `pdqHex`; upper-case digits are accepted as some hash lists write them. */
export const parsePdqHex = (hex: string): PdqHash | undefined => {
  const lower = hex.toLowerCase();
  if (!pdqHexPattern.test(lower)) return undefined;
  const hash = emptyPdqHash();
  for (let word = 0; word < pdqWords; word++) {
    const at = (pdqWords - 1 - word) * 4;
    hash[word] = Number.parseInt(lower.slice(at, at + 4), 16);
  }
  return hash;
};

/** Set bits of a 32-bit integer (SWAR; JavaScript has no popcount instruction). */
export const popcount32 = (value: number): number => {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
};

/** Number of differing bits, 0..256. */
export const pdqDistance = (a: PdqHash, b: PdqHash): number => {
  let distance = 0;
  for (let word = 0; word < pdqWords; word += 2) {
    const x = ((a[word] ?? 0) | ((a[word + 1] ?? 0) << 16)) ^ ((b[word] ?? 0) | ((b[word + 1] ?? 0) << 16));
    distance += popcount32(x);
  }
  return distance;
};
