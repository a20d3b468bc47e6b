/**
 * The shape of an import file, shared by the import command and the dashboard's upload
 * form (which runs in the extension, without Node's CSV parser): the columns, the format
 * detection and the NDJSON reader.
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
  'parent_url',
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

export const unknownColumns = (names: string[]): string[] => names.filter((name) => !(importColumns as readonly string[]).includes(name));


/** One JSON object per line; a line that is not one is reported with its number. */
export const readNdjson = (text: string): ReadFileResult => {
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
