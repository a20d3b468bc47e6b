import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdqHashOf } from '../../core/media/pdq';
import { pdqHex } from '../../core/media/pdq-hash';
import { decodeImage } from './decode-image';

/** JPEG and PNG are checked byte for byte against the reference on every shared vector (core/media/pdq-vectors.test.ts). */
const fixture = (path: string) => readFile(new URL(`../../../tests/fixtures/pdq/images/${path}`, import.meta.url));
/** The reference hashes of images/horse/original.png and images/chelsea_a/original.png (vectors.json). */
const horseHash = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';
const chelseaHash = '4b787b5431c29183e5994d4d6f72b341b20417de4d8f4ba86a31d716d5d8a07f';

const hashOf = async (bytes: Uint8Array) => {
  const decoded = await decodeImage(bytes);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return { format: decoded.format, hex: pdqHex(pdqHashOf(decoded.image).hash) };
};

describe('decodeImage', () => {
  it('decodes WebP: a lossless copy of a vector hashes as the reference hashed the PNG', async () => {
    const webp = await sharp(await fixture('chelsea_a/original.png')).webp({ lossless: true }).toBuffer();
    expect(await hashOf(webp)).toEqual({ format: 'webp', hex: chelseaHash });
  });

  it('decodes GIF: a copy of a vector with under 256 colours hashes as the reference hashed the PNG', async () => {
    const gif = await sharp(await fixture('horse/original.png')).gif({ colours: 256, dither: 0 }).toBuffer();
    expect(await hashOf(gif)).toEqual({ format: 'gif', hex: horseHash });
  });

  it('hashes the first frame of an animated GIF', async () => {
    const horse = await sharp(await fixture('horse/original.png')).png().toBuffer();
    // The second frame has the first's colours, so the GIF's one palette keeps the first frame exact.
    const mirrored = await sharp(horse).flop().png().toBuffer();
    const animated = await sharp([horse, mirrored], { join: { animated: true } }).gif({ colours: 256, dither: 0 }).toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    expect(await hashOf(animated)).toEqual({ format: 'gif', hex: horseHash });
  });

  it('keeps the stored pixels of a JPEG with an EXIF orientation, as the reference (Pillow) does', async () => {
    const rotated = await sharp(await fixture('horse/original.png')).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const decoded = await decodeImage(rotated);
    expect(decoded.ok && [decoded.image.width, decoded.image.height]).toEqual([300, 246]);
  });

  it('refuses other formats by their signature, and broken files, as error values', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expect(await decodeImage(svg)).toEqual({ ok: false, error: { code: 'unsupported_format', message: 'not a JPEG, PNG, WebP or GIF file' } });
    const tiff = await sharp(await fixture('horse/original.png')).tiff().toBuffer();
    expect(await decodeImage(tiff)).toMatchObject({ ok: false, error: { code: 'unsupported_format' } });
    const truncated = (await fixture('horse/original.png')).subarray(0, 200);
    expect(await decodeImage(truncated)).toMatchObject({ ok: false, error: { code: 'undecodable' } });
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    expect(await decodeImage(await fixture('horse/original.png'), 300 * 245)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await decodeImage(await fixture('horse/original.png'), 300 * 246)).toMatchObject({ ok: true });
  });
});
