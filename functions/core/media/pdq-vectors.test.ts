import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { decodeImage } from '../../adapters/media/decode-image';
import { dihedralNames, pdqDihedralHashesOf, pdqHashOf, type DecodedImage } from './pdq';
import { defaultPdqMatchDistance, parsePdqHex, pdqDistance, pdqHex } from './pdq-hash';

/**
 * PDQ against the reference: tests/fixtures/pdq holds images with the hashes, qualities and dihedral
 * hashes Meta's C++ code computes (through pdqhash, the binding HMA uses), and Meta's own published
 * test images and hashes (see the README files there for provenance and licenses). The files are
 * decoded with the server's decoder, since the vectors are image files.
 */
const fixtures = new URL('../../../tests/fixtures/pdq/', import.meta.url);

const hex = z.string().regex(/^[0-9a-f]{64}$/);
const dihedralHashes = z.object(Object.fromEntries(dihedralNames.map((name) => [name, hex])) as Record<(typeof dihedralNames)[number], typeof hex>);
const referenceCase = z.object({
  file: z.string(),
  width: z.number(),
  height: z.number(),
  rgb_sha256: z.string(),
  hash: hex,
  quality: z.number(),
  fragile_bits: z.number(),
  dihedral: dihedralHashes.optional(),
});
const vectorFile = z.object({ cases: z.array(referenceCase.extend({ base: z.string(), transform: z.string() })) });
const metaFile = z.object({
  cases: z.array(referenceCase.extend({ meta_expected: z.array(z.object({ source: z.string(), hash: hex, distance_to_pdqhash: z.number() })) })),
});
const pairFile = z.object({
  threshold: z.number(),
  pairs: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      kind: z.enum(['same_base', 'different_base']),
      distance: z.number(),
      dihedral_name: z.enum(dihedralNames).optional(),
      dihedral_distance: z.number().optional(),
      reference_match: z.boolean(),
      borderline: z.boolean(),
    }),
  ),
});

const readJson = async <T>(schema: z.ZodType<T>, path: string): Promise<T> => schema.parse(JSON.parse(await readFile(new URL(path, fixtures), 'utf8')));
const vectors = await readJson(vectorFile, 'vectors.json');
const meta = await readJson(metaFile, 'meta/expected.json');
const pairs = await readJson(pairFile, 'pairs.json');

const decodeFixture = async (path: string): Promise<DecodedImage> => {
  const decoded = await decodeImage(await readFile(new URL(path, fixtures)));
  if (!decoded.ok) throw new Error(`${path}: ${decoded.error.message}`);
  return decoded.image;
};

/** The decoded pixels as the reference checksums them: RGB, gray replicated, alpha dropped. */
const rgbSha256 = ({ width, height, channels, pixels }: DecodedImage): string => {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = pixels[i * channels + (channels <= 2 ? 0 : c)] as number;
  }
  return createHash('sha256').update(rgb).digest('hex');
};

type ReferenceCase = z.infer<typeof referenceCase>;

/**
 * Bit-exact on every case, the numerically fragile ones too (flat, gradient and plaid images whose
 * coefficients sit on the median): the luminance is rounded exactly as pdqhash rounds it, so not
 * even the last bit of a float differs. A failure names the bits that differ.
 */
const expectReferenceHashes = async (reference: ReferenceCase, prefix: string) => {
  const image = await decodeFixture(`${prefix}${reference.file}`);
  expect([image.width, image.height]).toEqual([reference.width, reference.height]);
  expect(rgbSha256(image)).toBe(reference.rgb_sha256);
  const { hash, quality } = pdqHashOf(image);
  expect({ hash: pdqHex(hash), quality }).toEqual({ hash: reference.hash, quality: reference.quality });
  if (reference.dihedral) {
    const dihedral = pdqDihedralHashesOf(image);
    expect(dihedral.quality).toBe(reference.quality);
    expect(Object.fromEntries(dihedralNames.map((name) => [name, pdqHex(dihedral.hashes[name])]))).toEqual(reference.dihedral);
  }
};

describe('PDQ on the shared vectors (30 images x 13 transforms, pdqhash 0.2.8)', () => {
  it('covers all 390 cases, 90 of them with dihedral hashes and 35 numerically fragile', () => {
    expect(vectors.cases).toHaveLength(390);
    expect(vectors.cases.filter((c) => c.dihedral)).toHaveLength(90);
    expect(vectors.cases.filter((c) => c.fragile_bits > 0)).toHaveLength(35);
  });

  it.each(vectors.cases)('$file: decoded pixels, hash, quality and dihedral hashes as the reference', async (reference) => {
    await expectReferenceHashes(reference, '');
  });
});

describe("PDQ on Meta's own test images (facebook/ThreatExchange)", () => {
  it.each(meta.cases)('$file: as the reference, and as far from each hash Meta published as pdqhash is', async (reference) => {
    await expectReferenceHashes(reference, 'meta/');
    const { hash } = pdqHashOf(await decodeFixture(`meta/${reference.file}`));
    // Meta's own tools pre-shrink images over 512 px to 512x512, and its Python test of q0003 (quality 3) allows 16 bits.
    for (const published of reference.meta_expected) {
      expect({ source: published.source, distance: pdqDistance(hash, parsePdqHex(published.hash) ?? new Uint16Array(16)) }).toEqual({
        source: published.source,
        distance: published.distance_to_pdqhash,
      });
    }
  });

  it('agrees bit for bit with every hash Meta published for an image of at most 512 px, but q0003 (quality 3)', () => {
    const small = meta.cases.filter((c) => Math.max(c.width, c.height) <= 512 && !c.file.endsWith('q0003.jpg'));
    expect(small.flatMap((c) => c.meta_expected).map((published) => published.distance_to_pdqhash)).toEqual(
      small.flatMap((c) => c.meta_expected).map(() => 0),
    );
    expect(small.flatMap((c) => c.meta_expected).length).toBeGreaterThanOrEqual(22);
  });
});

describe('PDQ verdicts on the shared pairs (threshold 31)', () => {
  it('gives the reference distance and verdict on all 795 pairs, and no two different images within 31', async () => {
    expect(pairs.threshold).toBe(defaultPdqMatchDistance);
    const files = [...new Set(pairs.pairs.flatMap((pair) => [pair.a, pair.b]))];
    const hashed = new Map<string, ReturnType<typeof pdqDihedralHashesOf>>();
    const plain = new Map<string, Uint16Array>();
    for (const file of files) {
      const image = await decodeFixture(file);
      hashed.set(file, pdqDihedralHashesOf(image));
      plain.set(file, pdqHashOf(image).hash);
    }
    const outcomes = pairs.pairs.map((pair) => {
      const b = plain.get(pair.b) as Uint16Array;
      const distance = pdqDistance(plain.get(pair.a) as Uint16Array, b);
      const dihedralDistance = pair.dihedral_name ? pdqDistance(hashed.get(pair.a)?.hashes[pair.dihedral_name] as Uint16Array, b) : undefined;
      return { pair, distance, dihedralDistance, match: (dihedralDistance ?? distance) <= defaultPdqMatchDistance };
    });
    expect(outcomes).toHaveLength(795);
    expect(outcomes.filter((o) => o.distance !== o.pair.distance || o.dihedralDistance !== o.pair.dihedral_distance)).toEqual([]);
    expect(outcomes.filter((o) => o.match !== o.pair.reference_match)).toEqual([]);
    expect(outcomes.filter((o) => o.pair.kind === 'different_base' && o.match)).toEqual([]);
    expect(outcomes.filter((o) => o.pair.kind === 'same_base' && o.match)).toHaveLength(251);
  }, 60_000);
});
