import type { ImageHasher } from '../../core/media/media-check';
import { dihedralNames, pdqDihedralHashesOf, pdqHashOf, type DihedralName } from '../../core/media/pdq';
import { pdqHex } from '../../core/media/pdq-hash';
import { decodeImage } from './decode-image';
import { oneImageAtATime } from './one-image-at-a-time';

/** PDQ of image bytes as the reference computes it: decoded by sharp at full resolution, one image at a time. */
export const hashImageWithSharp: ImageHasher = (bytes) =>
  oneImageAtATime(async () => {
    const decoded = await decodeImage(bytes);
    if (!decoded.ok) return { ok: false, ...decoded.error };
    const { hash, quality } = pdqHashOf(decoded.image);
    const { hashes } = pdqDihedralHashesOf(decoded.image);
    const dihedral = Object.fromEntries(dihedralNames.map((name) => [name, pdqHex(hashes[name])])) as Record<DihedralName, string>;
    return { ok: true, pdq: pdqHex(hash), quality, dihedral };
  });
