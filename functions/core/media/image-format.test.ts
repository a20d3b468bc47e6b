import { describe, expect, it } from 'vitest';
import { imageFormatOf, isSixteenBitGrayPng } from './image-format';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])));

describe('image format by signature', () => {
  it('recognises JPEG, PNG, WebP and GIF, and nothing else', () => {
    expect(imageFormatOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(imageFormatOf(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(imageFormatOf(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
    expect(imageFormatOf(bytes('GIF89a'))).toBe('gif');
    expect(imageFormatOf(bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '))).toBeUndefined();
    expect(imageFormatOf(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeUndefined();
    expect(imageFormatOf(bytes('II*', 0))).toBeUndefined();
    expect(imageFormatOf(new Uint8Array())).toBeUndefined();
  });

  it('spots a 16-bit grayscale PNG from its IHDR', () => {
    const png = (depth: number, colourType: number) =>
      bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR', 0, 0, 1, 0, 0, 0, 1, 0, depth, colourType, 0, 0, 0);
    expect(isSixteenBitGrayPng(png(16, 0))).toBe(true);
    expect(isSixteenBitGrayPng(png(8, 0))).toBe(false);
    expect(isSixteenBitGrayPng(png(16, 4))).toBe(false);
    expect(isSixteenBitGrayPng(png(16, 2))).toBe(false);
  });
});
