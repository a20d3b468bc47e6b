import type { DihedralName } from './pdq';
import { defaultPdqMatchDistance, parsePdqHex, pdqDistance } from './pdq-hash';

/** What the server's decoder made of an uploaded image artifact. */
export type ImageHashResult =
  | {
      ok: true;
      pdq: string;
      quality: number;
      /** The 8 dihedral hashes (hex), to find flipped and rotated copies in hash banks. */
      dihedral: Record<DihedralName, string>;
    }
  | { ok: false; code: 'unsupported_format' | 'too_large' | 'undecodable'; message: string };

/** Decodes and hashes image bytes (on the server: sharp and the core PDQ). */
export type ImageHasher = (bytes: Uint8Array) => Promise<ImageHashResult>;

export interface PdqEvidenceCheck {
  /** The server's PDQ of the stored bytes, and its quality. */
  pdq?: { hash: string; quality: number };
  /** What the extension declared at capture, when it did. */
  declaredPdq?: string;
  pdqDistance?: number;
  /**
   * `same`: the declared hash, bit for bit. `near`: within the match distance, which different
   * decoders of the same file (the browser's and libjpeg-turbo) can account for. `mismatch`: farther,
   * so the declared hash describes another image, flagged as a SHA-256 mismatch is.
   * `undecodable`: the artifact claims to be an image the server cannot decode.
   */
  pdqCheck?: 'same' | 'near' | 'mismatch' | 'undecodable';
}

export const pdqEvidenceCheck = (computed: ImageHashResult, declared: { hash: string } | undefined): PdqEvidenceCheck => {
  if (!computed.ok) return { pdqCheck: 'undecodable', ...(declared ? { declaredPdq: declared.hash } : {}) };
  const pdq = { hash: computed.pdq, quality: computed.quality };
  const declaredHash = declared ? parsePdqHex(declared.hash) : undefined;
  const computedHash = parsePdqHex(computed.pdq);
  if (!declared || !declaredHash || !computedHash) return { pdq };
  const distance = pdqDistance(declaredHash, computedHash);
  return { pdq, declaredPdq: declared.hash, pdqDistance: distance, pdqCheck: distance === 0 ? 'same' : distance <= defaultPdqMatchDistance ? 'near' : 'mismatch' };
};
