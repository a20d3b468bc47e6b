import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { parsePdqHex, pdqHex } from './pdq-hash';
import { readVpdqSignal } from './vpdq-file';
import type { VideoFrameHash } from './vpdq';

/**
 * Hash lists as units exchange them: one file per list, each entry a PDQ hash with an optional
 * label and source. Read from
 * - CSV with a header naming `pdq` and optionally `label`, `source` (unknown columns refuse the file,
 *   so a misspelt column cannot drop a field silently);
 * - NDJSON, one `{"pdq": ..., "label": ..., "source": ...}` per line;
 * - the signal files of python-threatexchange and HMA (`LocalFileSignalExchangeAPI`): one
 *   `<signal type> <signal>` per line, `pdq <hex>` for PDQ, or a bare hash per line, and
 *   `vpdq <frames>` for a video (read into `videos`); other signal types (video MD5, URLs) are
 *   counted and skipped;
 * - the output of Meta's `pdq-photo-hasher` (`hash,quality,filename`) and of `npm run hashes -- pdq`
 *   (`hash quality filename`), the file name becoming the label.
 */

export const hashListFormats = ['csv', 'ndjson', 'signal-file', 'hasher-output'] as const;
export type HashListFormat = (typeof hashListFormats)[number];

const text = z.string().trim().max(200);

/** One entry as stored in a bank: the hash in the reference's lower-case hex. */
export const hashListEntry = z.object({
  pdq: z
    .string()
    .trim()
    .transform((value, context) => {
      const hash = parsePdqHex(value);
      if (!hash) {
        context.addIssue({ code: 'custom', message: 'not a PDQ hash: expected 64 hex digits' });
        return z.NEVER;
      }
      return pdqHex(hash);
    }),
  label: text.optional(),
  source: text.optional(),
  /** PDQ quality when the list carries it (hasher output); entries under 50 match unreliably. */
  quality: z.number().int().min(0).max(100).optional(),
});
export type HashListEntry = z.infer<typeof hashListEntry>;

export interface HashListIssue {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export interface HashList {
  format: HashListFormat;
  entries: HashListEntry[];
  /** Lines that are not entries, with the reason. */
  rejected: HashListIssue[];
  /** Entries whose hash an earlier line already gave (the first one is kept). */
  duplicates: number;
  /** Signal-file lines of other signal types (`video_md5 ...`), which a PDQ bank does not hold. */
  otherSignalTypes: number;
  /** Videos of a signal file's `vpdq` lines (HMA's vPDQ signals), with their line. */
  videos: { line: number; frames: VideoFrameHash[] }[];
}

export type ReadHashListResult = { ok: true; list: HashList } | { ok: false; message: string };

const columns = ['pdq', 'label', 'source'] as const;
const hexLine = /^[0-9a-fA-F]{64}$/;
const hasherLine = /^([0-9a-fA-F]{64})[, ](\d{1,3})[, ](.*)$/;

/** By extension first, then by the first line that is not blank. */
export const detectHashListFormat = (fileName: string, content: string): HashListFormat => {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  const first = content.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
  if (first.startsWith('{')) return 'ndjson';
  if (hasherLine.test(first)) return 'hasher-output';
  if (lower.endsWith('.csv')) return 'csv';
  // A vPDQ signal's frames hold commas: the signal type names the format first.
  if (/^vpdq\s+\[/i.test(first)) return 'signal-file';
  if (hexLine.test(first) || /^[a-z][a-z0-9_]*\s+\S+$/i.test(first)) return first.includes(',') ? 'csv' : 'signal-file';
  return 'csv';
};

class EntryCollector {
  readonly entries: HashListEntry[] = [];
  readonly rejected: HashListIssue[] = [];
  readonly #seen = new Set<string>();
  duplicates = 0;
  otherSignalTypes = 0;
  readonly videos: HashList['videos'] = [];

  add(line: number, fields: unknown): void {
    const parsed = hashListEntry.safeParse(fields);
    if (!parsed.success) {
      this.rejected.push({ line, message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ') });
      return;
    }
    if (this.#seen.has(parsed.data.pdq)) {
      this.duplicates++;
      return;
    }
    this.#seen.add(parsed.data.pdq);
    this.entries.push(parsed.data);
  }

  list(format: HashListFormat): ReadHashListResult {
    const rejected = this.rejected.sort((a, b) => a.line - b.line);
    return { ok: true, list: { format, entries: this.entries, rejected, duplicates: this.duplicates, otherSignalTypes: this.otherSignalTypes, videos: this.videos } };
  }
}

const lines = (content: string) => content.replace(/^\uFEFF/, '').split(/\r?\n/);

const readNdjson = (content: string): ReadHashListResult => {
  const collector = new EntryCollector();
  lines(content).forEach((row, index) => {
    if (row.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (error) {
      collector.rejected.push({ line: index + 1, message: `not valid JSON: ${(error as Error).message.slice(0, 120)}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      collector.rejected.push({ line: index + 1, message: 'expected one JSON object per line' });
      return;
    }
    const unknown = Object.keys(value).filter((key) => !(columns as readonly string[]).includes(key));
    if (unknown.length > 0) {
      collector.rejected.push({ line: index + 1, message: `unknown field(s) ${unknown.join(', ')}; allowed: ${columns.join(', ')}` });
      return;
    }
    collector.add(index + 1, value);
  });
  return collector.list('ndjson');
};

const readSignalFile = (content: string): ReadHashListResult => {
  const collector = new EntryCollector();
  lines(content).forEach((row, index) => {
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (hexLine.test(trimmed)) return collector.add(index + 1, { pdq: trimmed });
    const [signalType = '', ...rest] = trimmed.split(/\s+/);
    if (signalType.toLowerCase() === 'vpdq') {
      const video = readVpdqSignal(trimmed.slice(signalType.length).trim());
      if (video.ok) collector.videos.push({ line: index + 1, frames: video.frames });
      else collector.rejected.push({ line: index + 1, message: video.message });
      return;
    }
    if (signalType.toLowerCase() !== 'pdq') {
      collector.otherSignalTypes++;
      return;
    }
    collector.add(index + 1, { pdq: rest.join(' ') });
  });
  return collector.list('signal-file');
};

const readHasherOutput = (content: string): ReadHashListResult => {
  const collector = new EntryCollector();
  lines(content).forEach((row, index) => {
    if (row.trim() === '') return;
    const match = hasherLine.exec(row.trim());
    if (!match) {
      collector.rejected.push({ line: index + 1, message: 'expected "hash,quality,filename"' });
      return;
    }
    const [, pdq, quality, file] = match;
    collector.add(index + 1, { pdq, quality: Number(quality), ...(file ? { label: file.slice(-200) } : {}) });
  });
  return collector.list('hasher-output');
};

const readCsv = (content: string): ReadHashListResult => {
  const collector = new EntryCollector();
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    return { ok: false, message: `unreadable CSV: ${(error as Error).message.slice(0, 200)}` };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, message: 'the file is empty: expected a header line naming the columns' };
  const names = header.record.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(columns as readonly string[]).includes(name));
  if (unknown.length > 0) return { ok: false, message: `unknown column(s) ${unknown.join(', ')}; allowed: ${columns.join(', ')}` };
  if (!names.includes('pdq')) return { ok: false, message: 'the header must name the column pdq' };
  for (const { record, info } of body) {
    if (record.length !== names.length) {
      collector.rejected.push({ line: info.lines, message: `expected ${names.length} fields as in the header, found ${record.length}` });
      continue;
    }
    // A blank optional cell means "not given", not an empty label.
    collector.add(info.lines, Object.fromEntries(names.flatMap((name, i) => (record[i]?.trim() ? [[name, record[i]]] : []))));
  }
  return collector.list('csv');
};

export const readHashList = (fileName: string, content: string): ReadHashListResult => {
  switch (detectHashListFormat(fileName, content)) {
    case 'ndjson':
      return readNdjson(content);
    case 'signal-file':
      return readSignalFile(content);
    case 'hasher-output':
      return readHasherOutput(content);
    case 'csv':
      return readCsv(content);
  }
};

/**
 * A bank as HMA and python-threatexchange load it (`LocalFileSignalExchangeAPI`): `pdq <hex>` per
 * line. Labels and sources stay with the unit: the format has no place for them.
 */
export const formatSignalFile = (entries: readonly Pick<HashListEntry, 'pdq'>[]): string => entries.map((entry) => `pdq ${entry.pdq}\n`).join('');

/**
 * A video as python-threatexchange's vPDQ signal type serialises it (`vpdq_util.vpdq_to_json`): a
 * JSON array of `"<hex>,<quality>,<timestamp>"` strings, one per unique frame, after `vpdq ` in
 * the signal file.
 */
export const formatVpdqSignalLine = (frames: readonly { pdq: string; quality: number; timestamp: number }[]): string =>
  `vpdq ${JSON.stringify(frames.map((frame) => [frame.pdq, frame.quality, frame.timestamp.toFixed(3)].join(',')))}\n`;
