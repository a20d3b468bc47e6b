import { emptyPdqHash, type PdqHash } from './pdq-hash';

/**
 * PDQ, Meta's perceptual image hash (facebook/ThreatExchange `pdq/`, "PDQ hashing" document), computed
 * bit for bit as Meta's C++ reference does (pdq/cpp/hashing/pdqhashing.cpp, downscaling/downscaling.cpp):
 * luminance, two passes of a Jarosz box filter, decimation to 64x64, the 16x16 low-frequency block of a
 * 2D DCT, and one bit per coefficient above the median. Pure: runs in Node and in the browser.
 *
 * The reference computes in IEEE single precision, and the median threshold makes the hash sensitive
 * to the last bit of a coefficient, so every single-precision operation of the reference is mirrored
 * here with `Math.fround` (or a store into a Float32Array). Rounding a double result of +, -, *, / on
 * two single-precision operands to single precision gives the correctly rounded single-precision
 * result, so this is exact, not an approximation.
 */

/** Decoded pixels, row-major, `channels` bytes per pixel: 1 gray, 2 gray and alpha, 3 RGB, 4 RGBA. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  pixels: Uint8Array | Uint8ClampedArray;
}

export interface PdqResult {
  hash: PdqHash;
  /** 0..100 from the 64x64 image's gradients; under 50 the hash says little about the image. */
  quality: number;
}

/** Meta's order and names (`pdqDihedralHash256esFromFloatLuma`, `pdq-photo-hasher --pdqdih`). */
export const dihedralNames = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type DihedralName = (typeof dihedralNames)[number];

export interface PdqDihedralResult {
  /**
   * The hash each rotation or mirror of the image would have, from the one DCT: rotate90 is a
   * counter-clockwise quarter turn, flipX a top-bottom mirror, flipY a left-right mirror,
   * flipPlus1 the transpose, flipMinus1 the transverse.
   */
  hashes: Record<DihedralName, PdqHash>;
  quality: number;
}

/** The reference hashes nothing smaller than this (all bits zero, quality 0). */
const minimumHashableSide = 5;
const downsampledSide = 64;
const dctSide = 16;
const jaroszPasses = 2;

/**
 * Luminance as pdqhash (the binding Meta's python-threatexchange and HMA use) computes it: BT.601
 * weights applied in double precision in this order, then rounded to single precision. Gray pixels
 * count as R = G = B, alpha is ignored, as Pillow's `convert('RGB')` does.
 */
export const lumaOf = (image: DecodedImage): Float32Array => {
  const { width, height, channels, pixels } = image;
  const count = width * height;
  if (pixels.length < count * channels) throw new RangeError(`expected ${count * channels} bytes of pixels, got ${pixels.length}`);
  const luma = new Float32Array(count);
  if (channels <= 2) {
    const grayLuma = new Float32Array(256);
    for (let gray = 0; gray < 256; gray++) grayLuma[gray] = gray * 0.299 + gray * 0.587 + gray * 0.114;
    for (let i = 0, p = 0; i < count; i++, p += channels) luma[i] = grayLuma[pixels[p] as number] as number;
    return luma;
  }
  for (let i = 0, p = 0; i < count; i++, p += channels) {
    luma[i] = (pixels[p] as number) * 0.299 + (pixels[p + 1] as number) * 0.587 + (pixels[p + 2] as number) * 0.114;
  }
  return luma;
};

/** Jarosz window per pass: half of the input pixels per output pixel, rounded up (`computeJaroszFilterWindowSize`). */
export const jaroszWindow = (inputSide: number, outputSide: number): number =>
  Math.floor((inputSide + 2 * outputSide - 1) / (2 * outputSide));

/**
 * A centred moving average of `window` samples along one line (`box1DFloat`): the window shrinks at
 * both ends rather than padding, and the running sum is single precision, updated in the same order.
 */
const boxLine = (input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void => {
  const half = Math.floor((window + 2) / 2);
  let sum = 0;
  let size = 0;
  let right = start;
  let left = start;
  let out = start;
  for (let i = 0; i < half - 1; i++) {
    sum = Math.fround(sum + (input[right] as number));
    size++;
    right += stride;
  }
  for (let i = 0; i < window - half + 1; i++) {
    sum = Math.fround(sum + (input[right] as number));
    size++;
    output[out] = sum / size;
    right += stride;
    out += stride;
  }
  for (let i = 0; i < length - window; i++) {
    sum = Math.fround(sum + (input[right] as number));
    sum = Math.fround(sum - (input[left] as number));
    output[out] = sum / size;
    left += stride;
    right += stride;
    out += stride;
  }
  for (let i = 0; i < half - 1; i++) {
    sum = Math.fround(sum - (input[left] as number));
    size--;
    output[out] = sum / size;
    left += stride;
    out += stride;
  }
};

/**
 * `boxLine` down every column at once: the same operations in the same order for each column, but
 * sweeping the image row by row, so memory is read in order (a column at a time misses the cache on
 * every pixel of a large image).
 */
const boxColumns = (input: Float32Array, output: Float32Array, rows: number, columns: number, window: number): void => {
  const half = Math.floor((window + 2) / 2);
  const sums = new Float32Array(columns);
  let size = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < half - 1; i++, right++) {
    size++;
    for (let c = 0, r = right * columns; c < columns; c++) sums[c] = (sums[c] as number) + (input[r + c] as number);
  }
  for (let i = 0; i < window - half + 1; i++, right++, out++) {
    size++;
    for (let c = 0, r = right * columns, o = out * columns; c < columns; c++) {
      const sum = Math.fround((sums[c] as number) + (input[r + c] as number));
      sums[c] = sum;
      output[o + c] = sum / size;
    }
  }
  for (let i = 0; i < rows - window; i++, left++, right++, out++) {
    for (let c = 0, r = right * columns, l = left * columns, o = out * columns; c < columns; c++) {
      const sum = Math.fround(Math.fround((sums[c] as number) + (input[r + c] as number)) - (input[l + c] as number));
      sums[c] = sum;
      output[o + c] = sum / size;
    }
  }
  for (let i = 0; i < half - 1; i++, left++, out++) {
    size--;
    for (let c = 0, l = left * columns, o = out * columns; c < columns; c++) {
      const sum = Math.fround((sums[c] as number) - (input[l + c] as number));
      sums[c] = sum;
      output[o + c] = sum / size;
    }
  }
};

/** Two passes of box filters along rows then columns approximate a tent filter; the result ends in `image`. */
const jaroszFilter = (image: Float32Array, scratch: Float32Array, rows: number, columns: number): void => {
  const windowAlongRows = jaroszWindow(columns, downsampledSide);
  const windowAlongColumns = jaroszWindow(rows, downsampledSide);
  for (let pass = 0; pass < jaroszPasses; pass++) {
    for (let row = 0; row < rows; row++) boxLine(image, scratch, row * columns, columns, 1, windowAlongRows);
    boxColumns(scratch, image, rows, columns, windowAlongColumns);
  }
};

/** Samples the pixel at each output pixel's centre (`decimateFloat`). */
const decimate = (image: Float32Array, rows: number, columns: number): Float32Array => {
  const output = new Float32Array(downsampledSide * downsampledSide);
  for (let outRow = 0; outRow < downsampledSide; outRow++) {
    const inRow = Math.floor(((outRow + 0.5) * rows) / downsampledSide);
    for (let outColumn = 0; outColumn < downsampledSide; outColumn++) {
      const inColumn = Math.floor(((outColumn + 0.5) * columns) / downsampledSide);
      output[outRow * downsampledSide + outColumn] = image[inRow * columns + inColumn] as number;
    }
  }
  return output;
};

/**
 * Quality from the 64x64 image: the sum of vertical and horizontal neighbour differences, each
 * first scaled to 0..100 and truncated so that only marked gradients count, divided by 90 and
 * capped at 100 (`pdqImageDomainQualityMetric`, constants tuned by Meta).
 */
export const pdqQuality = (downsampled: Float32Array): number => {
  let gradientSum = 0;
  const difference = (u: number, v: number) => Math.abs(Math.trunc(Math.fround(Math.fround(Math.fround(u - v) * 100) / 255)));
  for (let i = 0; i < downsampledSide - 1; i++) {
    for (let j = 0; j < downsampledSide; j++) {
      gradientSum += difference(downsampled[i * 64 + j] as number, downsampled[(i + 1) * 64 + j] as number);
    }
  }
  for (let i = 0; i < downsampledSide; i++) {
    for (let j = 0; j < downsampledSide - 1; j++) {
      gradientSum += difference(downsampled[i * 64 + j] as number, downsampled[i * 64 + j + 1] as number);
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
};

/**
 * Rows 1..16 of the 64-point DCT-II basis, scaled by sqrt(2/64), in single precision: the scale is
 * rounded to single precision first and the product computed in double, as the reference's
 * `float * double` does.
 */
const dctMatrix: Float32Array = (() => {
  const matrix = new Float32Array(dctSide * downsampledSide);
  const scale = Math.fround(Math.sqrt(2 / downsampledSide));
  for (let i = 0; i < dctSide; i++) {
    for (let j = 0; j < downsampledSide; j++) {
      matrix[i * downsampledSide + j] = scale * Math.cos((Math.PI / 2 / downsampledSide) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/** B = D A Dᵀ, keeping the 16x16 lowest frequencies but the DC term; sums run in the reference's order. */
const dct64To16 = (downsampled: Float32Array): Float32Array => {
  const partial = new Float32Array(dctSide * downsampledSide);
  for (let i = 0; i < dctSide; i++) {
    for (let j = 0; j < downsampledSide; j++) {
      let sum = 0;
      for (let k = 0; k < downsampledSide; k++) {
        sum = Math.fround(sum + Math.fround((dctMatrix[i * 64 + k] as number) * (downsampled[k * 64 + j] as number)));
      }
      partial[i * 64 + j] = sum;
    }
  }
  const coefficients = new Float32Array(dctSide * dctSide);
  for (let i = 0; i < dctSide; i++) {
    for (let j = 0; j < dctSide; j++) {
      let sum = 0;
      for (let k = 0; k < downsampledSide; k++) {
        sum = Math.fround(sum + Math.fround((partial[i * 64 + k] as number) * (dctMatrix[j * 64 + k] as number)));
      }
      coefficients[i * dctSide + j] = sum;
    }
  }
  return coefficients;
};

/**
 * The median by Torben Mogensen's method (the reference's `torben.cpp`): for an even count it
 * returns the lower middle value, and the hash sets a bit for each coefficient strictly above it.
 */
export const torbenMedian = (values: Float32Array): number => {
  const n = values.length;
  let min = values[0] as number;
  let max = min;
  for (let i = 1; i < n; i++) {
    const value = values[i] as number;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const half = Math.floor((n + 1) / 2);
  for (;;) {
    const guess = Math.fround(Math.fround(min + max) / 2);
    let less = 0;
    let greater = 0;
    let equal = 0;
    let maxBelowGuess = min;
    let minAboveGuess = max;
    for (let i = 0; i < n; i++) {
      const value = values[i] as number;
      if (value < guess) {
        less++;
        if (value > maxBelowGuess) maxBelowGuess = value;
      } else if (value > guess) {
        greater++;
        if (value < minAboveGuess) minAboveGuess = value;
      } else {
        equal++;
      }
    }
    if (less <= half && greater <= half) {
      if (less >= half) return maxBelowGuess;
      if (less + equal >= half) return guess;
      return minAboveGuess;
    }
    if (less > greater) max = maxBelowGuess;
    else min = minAboveGuess;
  }
};

const bitsAboveMedian = (coefficients: Float32Array): PdqHash => {
  const median = torbenMedian(coefficients);
  const hash = emptyPdqHash();
  for (let i = 0; i < dctSide; i++) {
    let word = 0;
    for (let j = 0; j < dctSide; j++) if ((coefficients[i * dctSide + j] as number) > median) word |= 1 << j;
    hash[i] = word;
  }
  return hash;
};

/**
 * The 64x64 image: blurred and decimated from the full-resolution luminance (which it overwrites).
 * The reference's single-hash entry point takes a 64x64 input as already downsampled (video frames
 * scaled by ffmpeg); its dihedral entry point filters it all the same, so both are kept.
 */
const downsample = (luma: Float32Array, rows: number, columns: number, filterAt64: boolean): Float32Array => {
  if (!filterAt64 && rows === downsampledSide && columns === downsampledSide) return luma.slice();
  jaroszFilter(luma, new Float32Array(luma.length), rows, columns);
  return decimate(luma, rows, columns);
};

const tooSmall = (rows: number, columns: number) => rows < minimumHashableSide || columns < minimumHashableSide;

/**
 * PDQ of a full-resolution luminance plane (`pdqHash256FromFloatLuma`). The plane is used as the
 * filter's buffer and overwritten.
 */
export const pdqHashOfLuma = (luma: Float32Array, width: number, height: number): PdqResult => {
  if (tooSmall(height, width)) return { hash: emptyPdqHash(), quality: 0 };
  const downsampled = downsample(luma, height, width, false);
  return { hash: bitsAboveMedian(dct64To16(downsampled)), quality: pdqQuality(downsampled) };
};

/** PDQ of decoded pixels at their full resolution, with no pre-resize (as pdqhash, python-threatexchange and HMA hash). */
export const pdqHashOf = (image: DecodedImage): PdqResult => pdqHashOfLuma(lumaOf(image), image.width, image.height);

/**
 * How each rotation or mirror of the image permutes and negates the DCT coefficients: DCT basis
 * function k is even about the centre for odd k (1-based), odd for even k, so mirroring an axis
 * negates the coefficients with an even 0-based index along it; a quarter turn also transposes.
 * The sign tables are the reference's `dct16OriginalTo*` functions.
 */
const dihedralOf: Record<DihedralName, { transpose: boolean; negate: (i: number, j: number) => boolean }> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => (j & 1) === 0 },
  rotate180: { transpose: false, negate: (i, j) => ((i + j) & 1) === 1 },
  rotate270: { transpose: true, negate: (i) => (i & 1) === 0 },
  flipX: { transpose: false, negate: (i) => (i & 1) === 0 },
  flipY: { transpose: false, negate: (_i, j) => (j & 1) === 0 },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => ((i + j) & 1) === 1 },
};

const transformCoefficients = (coefficients: Float32Array, name: DihedralName): Float32Array => {
  const { transpose, negate } = dihedralOf[name];
  const output = new Float32Array(dctSide * dctSide);
  for (let i = 0; i < dctSide; i++) {
    for (let j = 0; j < dctSide; j++) {
      const value = coefficients[i * dctSide + j] as number;
      output[transpose ? j * dctSide + i : i * dctSide + j] = negate(i, j) ? -value : value;
    }
  }
  return output;
};

/** The eight dihedral hashes from one DCT (`pdqDihedralHash256esFromFloatLuma`); overwrites `luma`. */
export const pdqDihedralHashesOfLuma = (luma: Float32Array, width: number, height: number): PdqDihedralResult => {
  const hashes = {} as Record<DihedralName, PdqHash>;
  if (tooSmall(height, width)) {
    for (const name of dihedralNames) hashes[name] = emptyPdqHash();
    return { hashes, quality: 0 };
  }
  const downsampled = downsample(luma, height, width, true);
  const coefficients = dct64To16(downsampled);
  for (const name of dihedralNames) hashes[name] = bitsAboveMedian(transformCoefficients(coefficients, name));
  return { hashes, quality: pdqQuality(downsampled) };
};

export const pdqDihedralHashesOf = (image: DecodedImage): PdqDihedralResult =>
  pdqDihedralHashesOfLuma(lumaOf(image), image.width, image.height);
