import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../functions/adapters/media/decode-image';
import { pdqHashOf } from '../../functions/core/media/pdq';
import { pdqHex } from '../../functions/core/media/pdq-hash';
import { csvCell } from '../../functions/core/csv';

const usage = `usage: npm run hashes -- pdq [--csv] <image files...>
  prints "<64 hex> <quality> <file>" per file (--csv: "hash,quality,filename" as Meta's pdq-photo-hasher)`;

/** Meta's pdq-photo-hasher ends its CSV lines with a bare newline; file names are defused like every CSV cell. */
const pdqHasherCsvLine = (hex: string, quality: number, file: string): string => `${[hex, quality, file].map(csvCell).join(',')}\n`;

/**
 * `npm run hashes -- pdq <files...>`: PDQ of JPEG, PNG, WebP and GIF files on the investigator's own
 * machine, as the server computes it (full resolution, Meta's hex). Exit code 0: every file hashed;
 * 1: some files could not be read or decoded (named on standard error); 2: usage.
 */
const hashFiles = async (files: string[], csv: boolean): Promise<number> => {
  let failures = 0;
  for (const file of files) {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => error);
    if (bytes instanceof Error) {
      console.error(`${file}: ${bytes.code ?? bytes.message}`);
      failures++;
      continue;
    }
    const decoded = await decodeImage(bytes);
    if (!decoded.ok) {
      console.error(`${file}: ${decoded.error.code}: ${decoded.error.message}`);
      failures++;
      continue;
    }
    const { hash, quality } = pdqHashOf(decoded.image);
    // A file name is the investigator's, not ours: it may start like a formula or hold a comma.
    process.stdout.write(csv ? pdqHasherCsvLine(pdqHex(hash), quality, file) : `${pdqHex(hash)} ${quality} ${file}\n`);
  }
  return failures === 0 ? 0 : 1;
};

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { csv: { type: 'boolean', default: false } } });
  const [command, ...files] = positionals;
  if (command === 'pdq' && files.length > 0) return hashFiles(files, values.csv);
  console.error(usage);
  return 2;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
