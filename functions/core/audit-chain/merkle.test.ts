import { describe, expect, it } from 'vitest';
import { inclusionProofOf, merkleRootOf, provesInclusion, type AnchoredHead } from './merkle';

const heads = (n: number): AnchoredHead[] => Array.from({ length: n }, (_, i) => ({ chain: `REF#r${String(i).padStart(3, '0')}`, sequence: i + 1, hash: String(i % 10).repeat(64) }));

describe('the Merkle tree over a day\'s chain heads', () => {
  it('proves every head under the root, for even and odd counts', () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const day = heads(n);
      const root = merkleRootOf(day);
      for (const head of day) {
        const found = inclusionProofOf(day, head.chain)!;
        expect(provesInclusion(found.head, found.proof, root)).toBe(true);
      }
    }
  });

  it('does not prove a head whose sequence or hash was changed', () => {
    const day = heads(5);
    const root = merkleRootOf(day);
    const { head, proof } = inclusionProofOf(day, 'REF#r002')!;
    expect(provesInclusion({ ...head, sequence: head.sequence - 1 }, proof, root)).toBe(false);
    expect(provesInclusion({ ...head, hash: 'f'.repeat(64) }, proof, root)).toBe(false);
  });

  it('builds the same root whatever order the heads are read in', () => {
    const day = heads(7);
    expect(merkleRootOf([...day].reverse())).toBe(merkleRootOf(day));
  });

  it('finds no proof for a chain that did not move that day', () => {
    expect(inclusionProofOf(heads(3), 'REF#elsewhere')).toBeUndefined();
  });
});
