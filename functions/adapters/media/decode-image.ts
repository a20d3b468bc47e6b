import type { default as Sharp } from 'sharp';
import { imageFormatOf, isSixteenBitGrayPng, type HashableImageFormat } from '../../core/media/image-format';
import type { DecodedImage } from '../../core/media/pdq';

export interface DecodeImageError {
  code: 'unsupported_format' | 'too_large' | 'undecodable';
  message: string;
}

export type DecodeImageResult = { ok: true; format: HashableImageFormat; image: DecodedImage } | { ok: false; error: DecodeImageError };

/**
 * 40 megapixels: a photo from any phone, while the decoded pixels and the two single-precision
 * planes the hash needs (11 bytes a pixel, 440 MB) still fit a Lambda function's memory.
 */
export const defaultMaximumPixels = 40_000_000;

let sharpLoading: Promise<typeof Sharp> | undefined;

/**
 * sharp (a native addon and libvips, ~20 MB) is loaded on the first image, not with the module: a
 * process cold start whose batch has no image does not pay for it. A failed load is tried again.
 */
const loadSharp = (): Promise<typeof Sharp> =>
  (sharpLoading ??= import('sharp').then(
    (module) => module.default,
    (error: unknown) => {
      sharpLoading = undefined;
      throw error;
    },
  ));

/**
 * Decodes a JPEG, PNG, WebP or GIF (its first frame) at full resolution to the pixels the PDQ
 * reference hashes: pdqhash reads files with Pillow, which applies no ICC profile and no EXIF
 * orientation, drops alpha without compositing, and keeps gray as gray. libvips (through sharp)
 * gives the same bytes for 8-bit JPEG (both use libjpeg-turbo with its defaults) and PNG.
 */
export const decodeImage = async (bytes: Uint8Array, maximumPixels = defaultMaximumPixels): Promise<DecodeImageResult> => {
  const format = imageFormatOf(bytes);
  if (!format) return { ok: false, error: { code: 'unsupported_format', message: 'not a JPEG, PNG, WebP or GIF file' } };
  const sharp = await loadSharp();
  const options = { ignoreIcc: true, pages: 1, page: 0, failOn: 'error', limitInputPixels: maximumPixels } as const;
  try {
    if (format === 'png' && isSixteenBitGrayPng(bytes)) {
      const { data, info } = await sharp(bytes, options).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
      const samples = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
      const pixels = new Uint8Array(info.width * info.height);
      for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(255, samples[i * info.channels] as number);
      return { ok: true, format, image: { width: info.width, height: info.height, channels: 1, pixels } };
    }
    const { data, info } = await sharp(bytes, options).raw().toBuffer({ resolveWithObject: true });
    const channels = info.channels as DecodedImage['channels'];
    return { ok: true, format, image: { width: info.width, height: info.height, channels, pixels: data } };
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) return { ok: false, error: { code: 'too_large', message: `more than ${maximumPixels} pixels` } };
    return { ok: false, error: { code: 'undecodable', message } };
  }
};
