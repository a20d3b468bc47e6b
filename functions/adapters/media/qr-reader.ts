import { readQrCode, type QrReader } from '../../core/media/qr-code';
import { decodeImage } from './decode-image';
import { oneImageAtATime } from './one-image-at-a-time';

/**
 * 12 megapixels: a 4K screenshot (8.3 MP) and a phone photo of a poster; jsQR's time grows with
 * the pixels, and a code in a larger image is large enough to survive the cut the caller makes.
 */
const maximumQrPixels = 12_000_000;

/** Decodes an image with sharp (as the PDQ check does) and reads its QR code, one image at a time. */
export const readQrCodeWithSharp: QrReader = (bytes) =>
  oneImageAtATime(async () => {
    const decoded = await decodeImage(bytes, maximumQrPixels);
    if (!decoded.ok) return { ok: false, error: { code: 'undecodable_image', message: `${decoded.error.code}: ${decoded.error.message}`.slice(0, 200) } };
    const payload = readQrCode(decoded.image);
    return { ok: true, ...(payload !== undefined ? { payload } : {}) };
  });
