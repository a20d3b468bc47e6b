import jsQR from 'jsqr';
import type { ContentProblem } from '../page-text/mhtml-text';
import type { DecodedImage } from './pdq';

export type QrReading = { ok: true; payload?: string } | { ok: false; error: ContentProblem };
/** Reads the QR code in an image file's bytes (adapters/media/qr-reader.ts decodes them with sharp). */
export type QrReader = (bytes: Uint8Array) => Promise<QrReading>;

/** RGBA, as jsQR reads it, from gray, gray + alpha, RGB or RGBA pixels. */
const toRgba = (image: DecodedImage): Uint8ClampedArray => {
  const { width, height, channels, pixels } = image;
  if (channels === 4) return new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, width * height * 4);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const o = i * 4;
    if (channels === 3) {
      rgba[o] = pixels[j] as number;
      rgba[o + 1] = pixels[j + 1] as number;
      rgba[o + 2] = pixels[j + 2] as number;
    } else {
      const gray = pixels[j] as number;
      rgba[o] = gray;
      rgba[o + 1] = gray;
      rgba[o + 2] = gray;
    }
    rgba[o + 3] = 255;
  }
  return rgba;
};

/**
 * The text of the QR code in an image, read with jsQR (a port of ZXing's detector and decoder,
 * which corrects errors with the code's Reed-Solomon blocks); light-on-dark codes are tried too.
 * Undefined when the image holds no readable code.
 */
export const readQrCode = (image: DecodedImage): string | undefined => {
  if (image.width < 21 || image.height < 21) return undefined;
  const code = jsQR(toRgba(image), image.width, image.height, { inversionAttempts: 'attemptBoth' });
  return code && code.data !== '' ? code.data : undefined;
};
