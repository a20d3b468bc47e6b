import { describe, expect, it } from 'vitest';
import { pdqEvidenceCheck } from './media-check';
import type { DihedralName } from './pdq';

const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';
const horseHalfSize = '6d0d885b2f16c3de5966d6f2f201a2d9aa17ae1eb1d44dd6d13634b101a5c92f';
const astronaut = 'fea7622d2e2f589694da269a17452a8409a28fc0afbf420f5d017de6ede0b758';

describe('PDQ evidence check', () => {
  it('records the computed hash, and compares a declared one: same, near (within 31) or mismatch', () => {
    const computed = { ok: true as const, pdq: horse, quality: 100, dihedral: {} as Record<DihedralName, string> };
    expect(pdqEvidenceCheck(computed, undefined)).toEqual({ pdq: { hash: horse, quality: 100 } });
    expect(pdqEvidenceCheck(computed, { hash: horse })).toMatchObject({ pdqDistance: 0, pdqCheck: 'same', declaredPdq: horse });
    expect(pdqEvidenceCheck(computed, { hash: horseHalfSize })).toMatchObject({ pdqDistance: 20, pdqCheck: 'near' });
    expect(pdqEvidenceCheck(computed, { hash: astronaut })).toMatchObject({ pdqCheck: 'mismatch' });
  });

  it('flags an artifact the server cannot decode', () => {
    expect(pdqEvidenceCheck({ ok: false, code: 'undecodable', message: 'truncated' }, { hash: horse })).toEqual({ pdqCheck: 'undecodable', declaredPdq: horse });
  });
});
