import { describe, expect, it, vi } from 'vitest';
import { pdqHashOf, pdqHex, type DecodedImage } from '../shared-rules';
import { sha256Hex } from '../bytes';
import { captureFlaggedImage, maxFlaggedImageBytes } from './media-capture';

/** A PNG signature and a few bytes: enough for the format check; the decoder below stands in for the browser's. */
const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);

/** A 64x64 RGBA gradient with a diagonal edge: a picture with enough structure for quality >= 50. */
const gradient = (): DecodedImage => {
  const side = 64;
  const pixels = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      pixels[i] = (x * 4) & 255;
      pixels[i + 1] = x > y ? 220 : 30;
      pixels[i + 2] = (x * y) & 255;
      pixels[i + 3] = 255;
    }
  }
  return { width: side, height: side, channels: 4, pixels };
};

const served = (bytes: Uint8Array, type = 'image/png', status = 200) => new Response(new Blob([bytes as BlobPart]), { status, headers: { 'content-type': type } });

describe('hashing a flagged image at capture', () => {
  it('fetches the image, hashes it with the core PDQ and declares the hash on a media artifact', async () => {
    const fetch = vi.fn(async () => served(pngBytes));
    const decodeImage = vi.fn(async (_image: Blob) => gradient());
    const result = await captureFlaggedImage({ fetch, decodeImage }, 'https://cdn.example.org/poster.png');
    const expected = pdqHashOf(gradient());
    expect(result).toEqual({
      ok: true,
      captured: {
        artifact: { kind: 'media', sha256: await sha256Hex(pngBytes), bytes: pngBytes.length, mediaType: 'image/png', pdq: { hash: pdqHex(expected.hash), quality: expected.quality } },
        bytes: pngBytes,
      },
    });
    expect(fetch).toHaveBeenCalledWith('https://cdn.example.org/poster.png', expect.objectContaining({ redirect: 'follow' }));
    expect(decodeImage.mock.calls[0]?.[0]).toBeInstanceOf(Blob);
  });

  it('names the media type from the bytes, not from what the server claims', async () => {
    const result = await captureFlaggedImage({ fetch: async () => served(pngBytes, 'application/octet-stream'), decodeImage: async () => gradient() }, 'https://cdn.example.org/x');
    expect(result.ok && result.captured.artifact.mediaType).toBe('image/png');
  });

  it('refuses what is not a JPEG, PNG, WebP or GIF, an error answer, an oversized image and one the browser cannot decode', async () => {
    const decodeImage = async () => gradient();
    const html = new TextEncoder().encode('<!doctype html><p>login</p>');
    expect(await captureFlaggedImage({ fetch: async () => served(html, 'text/html'), decodeImage }, 'https://a.example/p')).toEqual({ ok: false, reason: 'not a JPEG, PNG, WebP or GIF image' });
    expect(await captureFlaggedImage({ fetch: async () => served(pngBytes, 'image/png', 403), decodeImage }, 'https://a.example/p')).toEqual({ ok: false, reason: 'the image answered HTTP 403' });
    const huge = new Uint8Array(maxFlaggedImageBytes + 1);
    huge.set(pngBytes);
    expect(await captureFlaggedImage({ fetch: async () => served(huge), decodeImage }, 'https://a.example/p')).toEqual({ ok: false, reason: `larger than ${maxFlaggedImageBytes} bytes` });
    expect(await captureFlaggedImage({ fetch: async () => served(pngBytes), decodeImage: async () => undefined }, 'https://a.example/p')).toEqual({ ok: false, reason: 'the browser could not decode the image' });
    expect(await captureFlaggedImage({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')), decodeImage }, 'https://a.example/p')).toEqual({ ok: false, reason: 'fetch failed: Failed to fetch' });
  });
});
