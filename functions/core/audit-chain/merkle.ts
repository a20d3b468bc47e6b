import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../canonical-json';

/** One chain's head at the end of a day: a leaf of the day's anchor. */
export interface AnchoredHead {
  chain: string;
  sequence: number;
  hash: string;
}

/** One step of an inclusion proof: the sibling's hash and on which side it sits. */
export interface ProofStep {
  side: 'left' | 'right';
  hash: string;
}

// RFC 6962 section 2.1: leaves and inner nodes are hashed with distinct prefixes, so a leaf
// can never be passed off as an inner node.
const leafHashOf = (head: AnchoredHead): Uint8Array => sha256(concatBytes(new Uint8Array([0]), utf8ToBytes(canonicalJson({ chain: head.chain, sequence: head.sequence, hash: head.hash }))));
const nodeHashOf = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(concatBytes(new Uint8Array([1]), left, right));

/** The day's leaves in one order every verifier rebuilds: by chain. */
export const orderedHeads = (heads: readonly AnchoredHead[]): AnchoredHead[] => [...heads].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));

/** Levels from the leaves up; an odd node out is carried up unchanged. */
const levelsOf = (heads: readonly AnchoredHead[]): Uint8Array[][] => {
  const levels: Uint8Array[][] = [orderedHeads(heads).map(leafHashOf)];
  while (levels[levels.length - 1]!.length > 1) {
    const below = levels[levels.length - 1]!;
    const level: Uint8Array[] = [];
    for (let index = 0; index < below.length; index += 2) level.push(index + 1 < below.length ? nodeHashOf(below[index]!, below[index + 1]!) : below[index]!);
    levels.push(level);
  }
  return levels;
};

/** The Merkle root (hex) over a day's chain heads; the root of no heads is the hash of nothing. */
export const merkleRootOf = (heads: readonly AnchoredHead[]): string => (heads.length === 0 ? bytesToHex(sha256(new Uint8Array())) : bytesToHex(levelsOf(heads).at(-1)![0]!));

/** The proof that `chain`'s head is a leaf under the root, or undefined when it is not among the heads. */
export const inclusionProofOf = (heads: readonly AnchoredHead[], chain: string): { head: AnchoredHead; proof: ProofStep[] } | undefined => {
  const ordered = orderedHeads(heads);
  let index = ordered.findIndex((head) => head.chain === chain);
  if (index < 0) return undefined;
  const head = ordered[index]!;
  const proof: ProofStep[] = [];
  for (const level of levelsOf(heads).slice(0, -1)) {
    const sibling = index % 2 === 0 ? index + 1 : index - 1;
    if (sibling < level.length) proof.push({ side: index % 2 === 0 ? 'right' : 'left', hash: bytesToHex(level[sibling]!) });
    index = Math.floor(index / 2);
  }
  return { head, proof };
};

/** True when the head, hashed up its proof, arrives at the root. */
export const provesInclusion = (head: AnchoredHead, proof: readonly ProofStep[], root: string): boolean =>
  bytesToHex(proof.reduce((node, step) => (step.side === 'left' ? nodeHashOf(hexToBytes(step.hash), node) : nodeHashOf(node, hexToBytes(step.hash))), leafHashOf(head))) === root;
