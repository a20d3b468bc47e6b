import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { decodeImage } from '../functions/adapters/media/decode-image';
import { pdqHashOf, lumaOf } from '../functions/core/media/pdq';
sharp.concurrency(1); sharp.cache(false);
for (const side of [512, 1024]) {
  const jpeg = await sharp(await readFile('tests/fixtures/pdq/images/horse/original.png')).resize(side, side, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
  let dec = 1e9, hash = 1e9, luma = 1e9;
  const n = 30;
  for (let i = 0; i < n + 5; i++) {
    const t0 = performance.now();
    const d = await decodeImage(jpeg);
    const t1 = performance.now();
    if (!d.ok) throw new Error();
    lumaOf(d.image);
    const t2 = performance.now();
    pdqHashOf(d.image);
    const t3 = performance.now();
    if (i >= 5) { dec = Math.min(dec, t1 - t0); luma = Math.min(luma, t2 - t1); hash = Math.min(hash, t3 - t2); }
  }
  console.log(side, 'decode', (dec).toFixed(2), 'luma', (luma).toFixed(2), 'hash(incl luma)', (hash).toFixed(2));
}
