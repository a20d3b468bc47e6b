import { sha256Hex } from '../bytes';
import { imageFormatOf, pdqHashOf, pdqHex, type DecodedImage } from '../shared-rules';
import type { CapturedArtifact } from './evidence';

/** The API's largest evidence artifact: a bigger image could be hashed but never uploaded. */
export const maxFlaggedImageBytes = 20 * 1024 * 1024;

export interface MediaCaptureDeps {
  /** The background's fetch: it reaches the image with the host permission the extension holds for the tab. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The browser's decoder (createImageBitmap and OffscreenCanvas); undefined when it cannot decode. */
  decodeImage: (image: Blob) => Promise<DecodedImage | undefined>;
}

export type FlaggedImageResult = { ok: true; captured: CapturedArtifact } | { ok: false; reason: string };

const mediaTypes = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' } as const;

/**
 * Fetches the image the officer flagged and hashes it as captured: SHA-256 of the bytes, and
 * PDQ of the decoded pixels with the server's own code, at full resolution as Meta's reference
 * does. The server recomputes PDQ from the uploaded bytes; a different decoder (libjpeg-turbo
 * against the browser's) may move a few bits, which its check tells from another image.
 */
export const captureFlaggedImage = async (deps: MediaCaptureDeps, url: string): Promise<FlaggedImageResult> => {
  let response: Response;
  try {
    response = await deps.fetch(url, { redirect: 'follow', cache: 'force-cache' });
  } catch (error) {
    return { ok: false, reason: `fetch failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!response.ok) return { ok: false, reason: `the image answered HTTP ${response.status}` };
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxFlaggedImageBytes) return { ok: false, reason: `larger than ${maxFlaggedImageBytes} bytes` };
  // The bytes decide, as on the server: a CDN's content-type is often wrong or generic.
  const format = imageFormatOf(bytes);
  if (format === undefined) return { ok: false, reason: 'not a JPEG, PNG, WebP or GIF image' };
  const mediaType = mediaTypes[format];
  const decoded = await deps.decodeImage(new Blob([bytes as BlobPart], { type: mediaType })).catch(() => undefined);
  if (decoded === undefined) return { ok: false, reason: 'the browser could not decode the image' };
  const pdq = pdqHashOf(decoded);
  return {
    ok: true,
    captured: { artifact: { kind: 'media', sha256: await sha256Hex(bytes), bytes: bytes.byteLength, mediaType, pdq: { hash: pdqHex(pdq.hash), quality: pdq.quality } }, bytes },
  };
};

/**
 * The browser's decoder, in the background's service worker (no DOM needed): the first frame of
 * a GIF, no colour-space conversion and no premultiplied alpha, since the server hashes the
 * file's own RGB values and ignores alpha.
 */
export const decodeWithImageBitmap = async (image: Blob): Promise<DecodedImage | undefined> => {
  const bitmap = await createImageBitmap(image, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return undefined;
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height, { colorSpace: 'srgb' });
    return { width, height, channels: 4, pixels: data };
  } finally {
    bitmap.close();
  }
};
