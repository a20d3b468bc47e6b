import { describe, expect, it } from 'vitest';
import { dihedralNames, jaroszWindow, lumaOf, pdqDihedralHashesOf, pdqHashOf, torbenMedian, type DecodedImage } from './pdq';
import { pdqDistance, pdqHex } from './pdq-hash';

/** A deterministic photo-like gray image: smooth shapes plus some texture. */
const syntheticImage = (width: number, height: number): DecodedImage => {
  const pixels = new Uint8Array(width * height);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const shape = 128 + 80 * Math.sin(x / 9) * Math.cos(y / 13) + (x > width / 3 && y < height / 2 ? 40 : 0);
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(shape + ((seed >>> 24) % 16) - 8)));
    }
  }
  return { width, height, channels: 1, pixels };
};

const transposed = (image: DecodedImage): DecodedImage => {
  const pixels = new Uint8Array(image.pixels.length);
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) pixels[x * image.height + y] = image.pixels[y * image.width + x] as number;
  return { ...image, width: image.height, height: image.width, pixels };
};

describe('PDQ', () => {
  it('hashes nothing under 5 pixels a side: all bits zero and quality 0, as the reference', () => {
    const { hash, quality } = pdqHashOf({ width: 4, height: 100, channels: 1, pixels: new Uint8Array(400) });
    expect({ hex: pdqHex(hash), quality }).toEqual({ hex: '0'.repeat(64), quality: 0 });
    expect(Object.values(pdqDihedralHashesOf({ width: 100, height: 4, channels: 1, pixels: new Uint8Array(400) }).hashes).map(pdqHex)).toEqual(
      dihedralNames.map(() => '0'.repeat(64)),
    );
  });

  it('sets exactly half of the bits of a detailed image (the threshold is the median), with quality 100', () => {
    const { hash, quality } = pdqHashOf(syntheticImage(300, 200));
    expect(pdqDistance(hash, new Uint16Array(16))).toBe(128);
    expect(quality).toBe(100);
  });

  it('scores a flat image quality 0', () => {
    expect(pdqHashOf({ width: 50, height: 50, channels: 1, pixels: new Uint8Array(2500).fill(90) }).quality).toBe(0);
  });

  it('ignores alpha and hashes gray as R = G = B', () => {
    const gray = syntheticImage(120, 90);
    const rgba = new Uint8Array(gray.pixels.length * 4);
    gray.pixels.forEach((value, i) => rgba.set([value, value, value, (i * 37) % 256], i * 4));
    expect(pdqHex(pdqHashOf({ ...gray, channels: 4, pixels: rgba }).hash)).toBe(pdqHex(pdqHashOf(gray).hash));
  });

  it('predicts the hash of the transposed image with flipPlus1 from the same DCT', () => {
    const image = syntheticImage(256, 256);
    expect(pdqHex(pdqDihedralHashesOf(image).hashes.flipPlus1)).toBe(pdqHex(pdqHashOf(transposed(image)).hash));
  });

  it('uses a window of half the input pixels per output pixel, rounded up', () => {
    expect([64, 65, 128, 129, 512, 1600].map((side) => jaroszWindow(side, 64))).toEqual([1, 1, 1, 2, 4, 13]);
  });

  it('takes the lower middle value as the median of an even count', () => {
    expect(torbenMedian(new Float32Array([4, 1, 3, 2]))).toBe(2);
    expect(torbenMedian(new Float32Array([5, 5, 5, 5]))).toBe(5);
  });

  it('rounds the luminance to single precision after weighting in double, as pdqhash does', () => {
    const luma = lumaOf({ width: 1, height: 1, channels: 3, pixels: new Uint8Array([10, 200, 30]) });
    expect(luma[0]).toBe(Math.fround(10 * 0.299 + 200 * 0.587 + 30 * 0.114));
  });
});
