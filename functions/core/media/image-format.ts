/** The image formats Referral Desk decodes for hashing: what investigators and platforms exchange. */
export const hashableImageFormats = ['jpeg', 'png', 'webp', 'gif'] as const;
export type HashableImageFormat = (typeof hashableImageFormats)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

/**
 * The format by its signature, never by file name or declared media type, so a decoder for another
 * format (SVG, TIFF, PDF: larger attack surface, and not what the reference hashes) is never reached.
 */
export const imageFormatOf = (bytes: Uint8Array): HashableImageFormat | undefined => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  return undefined;
};

/**
 * A PNG of 16-bit grayscale without alpha (IHDR bit depth 16, colour type 0). The reference decodes
 * it with Pillow as mode `I;16`, whose conversion to RGB clips each sample at 255 instead of scaling
 * (every other 16-bit PNG keeps the high byte), so a decoder must treat it apart to hash the same.
 */
export const isSixteenBitGrayPng = (bytes: Uint8Array): boolean =>
  startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) && startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12) && bytes[24] === 16 && bytes[25] === 0;
