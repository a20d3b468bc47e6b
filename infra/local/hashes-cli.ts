import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../functions/adapters/media/decode-image';
import { pdqHashOf } from '../../functions/core/media/pdq';
import { defaultPdqMatchDistance, minimumPdqMatchQuality, pdqHex } from '../../functions/core/media/pdq-hash';
import { readHashList } from '../../functions/core/media/hash-list';
import { readVpdqFile } from '../../functions/core/media/vpdq-file';
import { createStores } from '../../functions/adapters/create-stores';
import { referralMediaBank, writeBankSnapshot } from '../../functions/process/media-banks';
import { LocalHashBankSnapshots } from '../../functions/adapters/hash-bank-snapshots';
import { defaultDataDir } from './dev-secret';
import { indexSnapshotDirOf, readRunningStack } from './running-stack';
import { csvCell } from '../../functions/core/csv';
import { unitId } from '../../functions/contract/principal';

const usage = `usage: npm run hashes -- pdq [--csv] <image files...>
         prints "<64 hex> <quality> <file>" per file (--csv: "hash,quality,filename" as Meta's pdq-photo-hasher)
       npm run hashes -- import <file> --bank <name> --unit <unit> [--max-distance 31] [--dry-run]
         adds a hash list (CSV or NDJSON with pdq, label, source; an HMA signal file, its vpdq videos too; hasher output) to a bank
         of the running local stack, owned by the unit (which alone may export it); the process stage
         matches every new image against it
       npm run hashes -- import-video <file> --bank <name> --unit <unit> [--label <text>] [--max-distance 31]
         adds one video's vPDQ hash (ThreatExchange's "frame_number,hash,quality,timestamp" lines)
         to a bank; the process stage matches every flagged video against it by vPDQ's rule`;

/** Bank names: what a unit would call a list ("gifct-2026-01", "eu-iru-posters"). */
const bankName = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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

/**
 * Moves the bank's `updatedAt` once every entry is written: a process instance that saw the first
 * `updatedAt` (written before the entries, to claim the name) while the import ran reads the
 * additions again at this second one, so no entry of the import is left unseen.
 */
const announceImported = async (store: ReturnType<typeof createStores>['hashBanks'], bank: string, maxDistance: number, unit: string): Promise<void> => {
  await store.saveBank(bank, maxDistance, unit, new Date().toISOString());
};

/**
 * `npm run hashes -- import`: validates the whole list first (rejected lines are named with their
 * numbers), then writes the bank and its entries. Exit code 0: every line taken; 1: some lines
 * rejected (the others imported); 2: the file or the arguments refused.
 */
const importList = async (file: string, bank: string, unit: string, maxDistance: number, dryRun: boolean): Promise<number> => {
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (content instanceof Error) {
    console.error(`${file}: ${content.code ?? content.message}`);
    return 2;
  }
  const read = readHashList(file, content);
  if (!read.ok) {
    console.error(`${file}: ${read.message}`);
    return 2;
  }
  const { list } = read;
  for (const issue of list.rejected) console.error(`${file}:${issue.line}: ${issue.message}`);
  if (!dryRun && (list.entries.length > 0 || list.videos.length > 0)) {
    const stack = await readRunningStack();
    const store = createStores({ TABLE_NAME: stack.tableName, AWS_REGION: stack.region, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint }).hashBanks;
    const at = new Date().toISOString();
    if (!(await store.saveBank(bank, maxDistance, unit, at))) {
      console.error(`bank ${bank} belongs to another unit: choose another name`);
      return 2;
    }
    await store.putEntries(bank, list.entries.map((entry) => ({ ...entry, entryId: entry.pdq })), at);
    // HMA's vPDQ signals: each line one video, named by its frames like every banked video.
    for (const video of list.videos) await store.putVideo(bank, { frames: video.frames, source: `${basename(file)}:${video.line}`.slice(-200) }, at);
    // The list as one object for the process stage's cold starts, complete up to the import.
    await writeBankSnapshot(store, new LocalHashBankSnapshots(indexSnapshotDirOf(defaultDataDir())), bank, new Date(at));
    await announceImported(store, bank, maxDistance, unit);
  }
  const lowQuality = list.entries.filter((entry) => entry.quality !== undefined && entry.quality < minimumPdqMatchQuality).length;
  console.log(
    `${dryRun ? 'would import' : 'imported'} ${list.entries.length} hashes${list.videos.length > 0 ? ` and ${list.videos.length} videos` : ''} into bank ${bank} (distance <= ${maxDistance}) from ${file} (${list.format})` +
      `; rejected ${list.rejected.length}, duplicates ${list.duplicates}, other signal types ${list.otherSignalTypes}` +
      (lowQuality > 0 ? `; ${lowQuality} of quality under ${minimumPdqMatchQuality}, which match unreliably` : ''),
  );
  return list.rejected.length === 0 ? 0 : 1;
};

/**
 * `npm run hashes -- import-video`: one video's vPDQ hash into a bank, as one entry. Exit code 0:
 * imported; 2: the file or the arguments refused (a line that cannot be read refuses the file,
 * since a video with a frame missing is another video).
 */
const importVideo = async (file: string, bank: string, unit: string, maxDistance: number, label: string | undefined): Promise<number> => {
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (content instanceof Error) {
    console.error(`${file}: ${content.code ?? content.message}`);
    return 2;
  }
  const read = readVpdqFile(content);
  if (!read.ok) {
    console.error(`${file}${read.line === undefined ? '' : `:${read.line}`}: ${read.message}`);
    return 2;
  }
  const stack = await readRunningStack();
  const store = createStores({ TABLE_NAME: stack.tableName, AWS_REGION: stack.region, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint }).hashBanks;
  const at = new Date().toISOString();
  if (!(await store.saveBank(bank, maxDistance, unit, at))) {
    console.error(`bank ${bank} belongs to another unit: choose another name`);
    return 2;
  }
  const entry = await store.putVideo(bank, { frames: read.frames, ...(label ? { label } : {}), source: basename(file).slice(-200) }, at);
  await writeBankSnapshot(store, new LocalHashBankSnapshots(indexSnapshotDirOf(defaultDataDir())), bank, new Date(at));
  await announceImported(store, bank, maxDistance, unit);
  const usable = read.frames.filter((frame) => frame.quality >= minimumPdqMatchQuality).length;
  console.log(`imported a video of ${read.frames.length} unique frames (${usable} of quality >= ${minimumPdqMatchQuality}) into bank ${bank} as ${entry.entryId}; ${read.duplicates} repeated frames left out`);
  return 0;
};

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      csv: { type: 'boolean', default: false },
      bank: { type: 'string' },
      unit: { type: 'string' },
      'max-distance': { type: 'string', default: String(defaultPdqMatchDistance) },
      'dry-run': { type: 'boolean', default: false },
      label: { type: 'string' },
    },
  });
  const [command, ...files] = positionals;
  if (command === 'pdq' && files.length > 0) return hashFiles(files, values.csv);
  const maxDistance = Number(values['max-distance']);
  const [file] = files;
  // The referrals' bank is filled by the process stage from referred images alone.
  const bank = values.bank !== referralMediaBank && bankName.test(values.bank ?? '') ? values.bank : undefined;
  const unit = unitId.safeParse(values.unit);
  if (command === 'import' && file && files.length === 1 && bank && unit.success && Number.isInteger(maxDistance) && maxDistance >= 0 && maxDistance <= 64) {
    return importList(file, bank, unit.data, maxDistance, values['dry-run']);
  }
  if (command === 'import-video' && file && files.length === 1 && bank && unit.success && Number.isInteger(maxDistance) && maxDistance >= 0 && maxDistance <= 64) {
    return importVideo(file, bank, unit.data, maxDistance, values.label?.trim().slice(0, 200) || undefined);
  }
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
