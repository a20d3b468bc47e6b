import { parse } from 'csv-parse/sync';

/**
 * Reading an officer's referral list (an action day's spreadsheet export or an NDJSON
 * dump from another tool) into raw rows with their line numbers, so every later
 * rejection can name the line the officer has to fix. No validation happens here.
 */

/** The columns an import file may have; see the README section "Bulk import". */
export const importColumns = [
  'url',
  'category',
  'title',
  'selected_text',
  'group',
  'urgent',
  'legal_route',
  'notes',
  'sub_tags',
  'submission_id',
] as const;
export type ImportColumn = (typeof importColumns)[number];

export type ImportFormat = 'csv' | 'ndjson';

export interface RawRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  fields: Record<string, unknown>;
}

export interface FileProblem {
  line: number;
  message: string;
}

export interface ReferralFile {
  format: ImportFormat;
  rows: RawRow[];
  /** Lines that are not rows at all (broken quoting, not a JSON object): reported as rejected. */
  unreadable: FileProblem[];
}

export type ReadFileResult = { ok: true; file: ReferralFile } | { ok: false; message: string };

/** By extension first; otherwise an NDJSON file starts with `{`, a CSV file with its header. */
export const detectFormat = (fileName: string, text: string): ImportFormat => {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'ndjson' : 'csv';
};

const unknownColumns = (names: string[]): string[] => names.filter((name) => !(importColumns as readonly string[]).includes(name));

const readCsv = (text: string): ReadFileResult => {
  const unreadable: FileProblem[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const where = (error as { lines?: number } | undefined)?.lines ?? 0;
      unreadable.push({ line: where, message: `unreadable CSV: ${error?.message ?? 'malformed record'}` });
    },
  }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
  const [header, ...body] = records;
  if (!header) return { ok: false, message: 'the file is empty: expected a header line naming the columns' };
  const names = header.record.map((name) => name.trim().toLowerCase());
  // A misspelt column would silently drop a field from every row: refuse the file instead.
  const unknown = unknownColumns(names);
  if (unknown.length > 0) return { ok: false, message: `unknown column(s) ${unknown.join(', ')}; allowed: ${importColumns.join(', ')}` };
  if (!names.includes('url') || !names.includes('category')) return { ok: false, message: 'the header must name at least the columns url and category' };
  const rows: RawRow[] = [];
  for (const { record, raw, info } of body) {
    // info.lines is where the record ends; a quoted field may span lines, blank lines may precede it.
    const line = info.lines - (raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    if (record.length !== names.length) {
      unreadable.push({ line, message: `expected ${names.length} fields as in the header, found ${record.length}` });
      continue;
    }
    rows.push({ line, fields: Object.fromEntries(names.map((name, i) => [name, record[i]])) });
  }
  return { ok: true, file: { format: 'csv', rows, unreadable: unreadable.sort((a, b) => a.line - b.line) } };
};

const readNdjson = (text: string): ReadFileResult => {
  const rows: RawRow[] = [];
  const unreadable: FileProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((content, index) => {
      const line = index + 1;
      if (content.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch (error) {
        unreadable.push({ line, message: `not valid JSON: ${(error as Error).message.slice(0, 120)}` });
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        unreadable.push({ line, message: 'expected one JSON object per line' });
        return;
      }
      const unknown = unknownColumns(Object.keys(value));
      if (unknown.length > 0) {
        unreadable.push({ line, message: `unknown field(s) ${unknown.join(', ')}; allowed: ${importColumns.join(', ')}` });
        return;
      }
      rows.push({ line, fields: value as Record<string, unknown> });
    });
  return { ok: true, file: { format: 'ndjson', rows, unreadable } };
};

export const readReferralFile = (fileName: string, text: string): ReadFileResult =>
  detectFormat(fileName, text) === 'csv' ? readCsv(text) : readNdjson(text);
