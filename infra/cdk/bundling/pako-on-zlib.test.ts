import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as PdfLib from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../repo-root';
import { pakoStandIn } from '../pipeline-function';
import * as onZlib from './pako-on-zlib';

interface Zlib {
  deflate(data: Uint8Array): Uint8Array;
  inflate(data: Uint8Array): Uint8Array;
}

describe("the bundle's stand-in for pako", () => {
  const text = new TextEncoder().encode('Entfernungsanordnung '.repeat(500));

  it('writes zlib streams pako reads, and reads the ones pako writes', async () => {
    // pako ships no types; the project only needs the two functions pdf-lib calls.
    const pakoModule: string = 'pako';
    const pako = ((await import(pakoModule)) as { default: Zlib }).default;
    expect(pako.inflate(onZlib.deflate(text))).toEqual(text);
    expect(onZlib.inflate(pako.deflate(text))).toEqual(text);
    expect(pako.inflate(onZlib.deflate(text, { level: 0 }))).toEqual(text);
  });

  it('is enough for pdf-lib, bundled as the functions are, to render a removal order that reads back', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pako-stand-in-'));
    try {
      const entry = join(folder, 'entry.ts');
      await writeFile(entry, `export { PDFDocument, StandardFonts } from 'pdf-lib';\n`);
      const outfile = join(folder, 'bundle.mjs');
      const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, alias: { pako: pakoStandIn }, nodePaths: [join(repoRoot, 'node_modules')], metafile: true, logLevel: 'silent' });
      expect(Object.keys(result.metafile.inputs).some((input) => input.includes('node_modules/pako/'))).toBe(false);
      const { PDFDocument, StandardFonts } = (await import(pathToFileURL(outfile).href)) as typeof PdfLib;
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.HelveticaBold);
      pdf.addPage().drawText('ENTFERNUNGSANORDNUNG', { font, size: 12, x: 50, y: 700 });
      const parsed = await PDFDocument.load(await pdf.save());
      expect(parsed.getPageCount()).toBe(1);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
