import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { maxVideoFrames } from '../contract/report';
import { bankedVideoFrame } from './table/items';
import type { VideoBankEntry } from '../core/media/video-bank';
import type { StoredBankEntry } from './stores/hash-bank-store';

/**
 * A hash bank's entries as one object: what a process instance reads on a cold start instead of
 * querying the bank's partition page by page (storage-design.md, "PDQ index in the cloud"). The
 * table stays the source of truth: a snapshot says up to when it is complete (`takenAt`), and the
 * reader adds what the bank index lists from then on. A snapshot that is missing, truncated or
 * unreadable is no snapshot: the reader falls back to the table.
 */

export interface HashBankSnapshot {
  bank: string;
  /** Every entry added before this time (less the reader's margin) is in the snapshot. */
  takenAt: string;
  images: StoredBankEntry[];
  videos: VideoBankEntry[];
}

export interface HashBankSnapshots {
  read(bank: string): Promise<HashBankSnapshot | undefined>;
  write(snapshot: HashBankSnapshot): Promise<void>;
}

const snapshotFormat = 'referral-desk/hash-bank-snapshot';

const header = z.strictObject({
  format: z.literal(snapshotFormat),
  version: z.literal(1),
  bank: z.string().min(1).max(64),
  takenAt: z.iso.datetime(),
  images: z.number().int().nonnegative(),
  videos: z.number().int().nonnegative(),
});

const imageLine = z.strictObject({
  entryId: z.string().min(1).max(300),
  pdq: z.string().regex(/^[0-9a-f]{64}$/),
  label: z.string().max(500).optional(),
  source: z.string().max(3000).optional(),
  referralId: z.string().max(100).optional(),
  quality: z.number().int().min(0).max(100).optional(),
});

const videoLine = z.strictObject({
  entryId: z.string().min(1).max(300),
  frames: z.array(bankedVideoFrame).min(1).max(maxVideoFrames),
  label: z.string().max(500).optional(),
  source: z.string().max(3000).optional(),
  referralId: z.string().max(100).optional(),
});

/** Gzipped NDJSON: a header line with the counts, then one line per image entry, then per video. */
export const encodeSnapshot = async (snapshot: HashBankSnapshot): Promise<Uint8Array> => {
  const lines = [
    JSON.stringify({ format: snapshotFormat, version: 1, bank: snapshot.bank, takenAt: snapshot.takenAt, images: snapshot.images.length, videos: snapshot.videos.length }),
    ...snapshot.images.map((entry) => JSON.stringify(entry)),
    ...snapshot.videos.map((entry) => JSON.stringify(entry)),
  ];
  return new Uint8Array(await promisify(gzip)(Buffer.from(`${lines.join('\n')}\n`)));
};

/** The snapshot, or undefined when the bytes are not a whole snapshot of that bank (then the table is read). */
export const decodeSnapshot = async (bank: string, bytes: Uint8Array): Promise<HashBankSnapshot | undefined> => {
  let text: string;
  try {
    text = (await promisify(gunzip)(bytes)).toString('utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  try {
    const head = header.safeParse(JSON.parse(lines[0] ?? ''));
    if (!head.success || head.data.bank !== bank || lines.length !== 1 + head.data.images + head.data.videos) return undefined;
    const images: StoredBankEntry[] = [];
    const videos: VideoBankEntry[] = [];
    for (let index = 1; index < lines.length; index++) {
      const isImage = index <= head.data.images;
      const parsed = (isImage ? imageLine : videoLine).safeParse(JSON.parse(lines[index] ?? ''));
      if (!parsed.success) return undefined;
      if (isImage) images.push(parsed.data as StoredBankEntry);
      else videos.push(parsed.data as VideoBankEntry);
    }
    return { bank, takenAt: head.data.takenAt, images, videos };
  } catch {
    // JSON.parse on a damaged line.
    return undefined;
  }
};

/** Object keys of the snapshots: one per bank, under a prefix the process stage alone is granted. */
export const hashBankSnapshotPrefix = 'hash-banks/';
const objectKeyOf = (bank: string): string => `${hashBankSnapshotPrefix}${bank}/snapshot.ndjson.gz`;

export class S3HashBankSnapshots implements HashBankSnapshots {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(bank: string): Promise<HashBankSnapshot | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKeyOf(bank) }));
      if (!object.Body) return undefined;
      return await decodeSnapshot(bank, await object.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async write(snapshot: HashBankSnapshot): Promise<void> {
    // A whole object replaces the last in one PUT: a reader sees the old snapshot or the new, never part.
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKeyOf(snapshot.bank), Body: await encodeSnapshot(snapshot), ContentType: 'application/gzip' }));
  }
}

/** The local stack's snapshots: files under its data folder, replaced by rename as S3 replaces an object. */
export class LocalHashBankSnapshots implements HashBankSnapshots {
  constructor(private readonly dir: string) {}

  async read(bank: string): Promise<HashBankSnapshot | undefined> {
    const bytes = await readFile(join(this.dir, objectKeyOf(bank))).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return bytes === undefined ? undefined : decodeSnapshot(bank, new Uint8Array(bytes));
  }

  async write(snapshot: HashBankSnapshot): Promise<void> {
    const path = join(this.dir, objectKeyOf(snapshot.bank));
    await mkdir(join(path, '..'), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, await encodeSnapshot(snapshot));
    await rename(temporary, path);
  }
}

/** The local folder when INDEX_SNAPSHOT_DIR is set (embedded stack), else the bucket, else none (every cold start reads the table). */
export const hashBankSnapshotsFor = (config: { INDEX_SNAPSHOT_DIR?: string | undefined; INDEX_SNAPSHOT_BUCKET?: string | undefined; AWS_REGION: string }): HashBankSnapshots | undefined => {
  if (config.INDEX_SNAPSHOT_DIR) return new LocalHashBankSnapshots(config.INDEX_SNAPSHOT_DIR);
  if (config.INDEX_SNAPSHOT_BUCKET) return new S3HashBankSnapshots(new S3Client({ region: config.AWS_REGION }), config.INDEX_SNAPSHOT_BUCKET);
  return undefined;
};
