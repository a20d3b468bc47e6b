import { describe, expect, it } from 'vitest';
import { emptyPdqHash, parsePdqHex, pdqBit, pdqDistance, pdqHex, popcount32 } from './pdq-hash';

const astronaut = 'fea7622d2e2f589694da269a17452a8409a28fc0afbf420f5d017de6ede0b758';

describe('PDQ hash hex and distance', () => {
  it("writes words 15 down to 0, so the first hex digit holds bits 255..252 (Meta's Hash256::format)", () => {
    const hash = emptyPdqHash();
    hash[15] = 0x8000;
    hash[0] = 0x0001;
    expect(pdqHex(hash)).toBe(`8${'0'.repeat(62)}1`);
    expect(pdqBit(hash, 255)).toBe(1);
    expect(pdqBit(hash, 0)).toBe(1);
    expect(pdqBit(hash, 1)).toBe(0);
  });

  it('parses what it writes, upper case too, and refuses anything but 64 hex digits', () => {
    expect(pdqHex(parsePdqHex(astronaut) ?? emptyPdqHash())).toBe(astronaut);
    expect(pdqHex(parsePdqHex(astronaut.toUpperCase()) ?? emptyPdqHash())).toBe(astronaut);
    expect(parsePdqHex(astronaut.slice(1))).toBeUndefined();
    expect(parsePdqHex(`${astronaut.slice(1)}g`)).toBeUndefined();
  });

  it('counts differing bits, 0 to 256', () => {
    const a = parsePdqHex(astronaut) ?? emptyPdqHash();
    const complement = a.map((word) => ~word & 0xffff);
    expect(pdqDistance(a, a)).toBe(0);
    expect(pdqDistance(a, complement)).toBe(256);
    const oneOff = a.slice();
    oneOff[7] = (oneOff[7] ?? 0) ^ 0x0100;
    oneOff[15] = (oneOff[15] ?? 0) ^ 0x8000;
    expect(pdqDistance(a, oneOff)).toBe(2);
    expect([0, 1, 0xffffffff, 0x80000000, 0x0f0f0f0f].map(popcount32)).toEqual([0, 1, 32, 1, 16]);
  });
});
