import { parse } from 'csv-parse/sync';
import { detectFormat, importColumns, readNdjson, unknownColumns, type FileProblem, type RawRow, type ReadFileResult } from './import-file-shape';

/**
 * Reading an officer's referral list (an action day's spreadsheet export or an NDJSON
 * dump from another tool) into raw rows with their line numbers, so every later
 * rejection can name the line the officer has to fix. No validation happens here.
 */

export * from './import-file-shape';

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

export const readReferralFile = (fileName: string, text: string): ReadFileResult =>
  detectFormat(fileName, text) === 'csv' ? readCsv(text) : readNdjson(text);
