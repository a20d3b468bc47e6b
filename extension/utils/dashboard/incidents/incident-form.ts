import type { FieldErrors } from '../ui/form-errors';

/** The seed lists of a declaration, each a textarea of one seed a line. */
export const seedFields = ['urls', 'handles', 'terms', 'contentHashes', 'pdqHashes'] as const;
export type SeedField = (typeof seedFields)[number];

/** One seed a line; blank lines and the spaces around a seed are not seeds. */
export const seedLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * A `datetime-local` value (the officer's own clock) as the instant the API takes; anything
 * else is handed on as typed, for the schema to refuse beside the field.
 */
export const instantOf = (local: string): string => {
  const at = new Date(local);
  return local.trim() !== '' && Number.isFinite(at.getTime()) ? at.toISOString() : local;
};

/** The declaration form's values as POST /v1/incidents takes them, unchecked (the schema checks). */
export const readDeclaration = (values: { incidentId: string; name: string; startedAt: string } & Record<SeedField, string>): unknown => ({
  incidentId: values.incidentId,
  name: values.name,
  startedAt: instantOf(values.startedAt),
  seeds: Object.fromEntries(seedFields.map((field) => [field, seedLines(values[field])])),
});

/**
 * The first error of one seed list: zod names the seed by its index (`seeds.terms.2`), the
 * officer reads it by its line (3). `line` is 0 for an error of the whole list.
 */
export const seedError = (errors: FieldErrors, field: SeedField): { line: number; message: string } | undefined => {
  const prefix = `seeds.${field}`;
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) return { line: 0, message };
    if (path.startsWith(`${prefix}.`)) return { line: Number(path.slice(prefix.length + 1)) + 1, message };
  }
  return undefined;
};

/** Seconds as h:mm:ss, the same in every language; no figure is a dash. */
export const clockDuration = (seconds: number | null | undefined): string => {
  if (seconds === null || seconds === undefined) return '—';
  const h = Math.floor(seconds / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
};

/** An instant as the dashboard shows times: UTC, to the minute. */
export const utcMinute = (at: string | undefined): string => (at === undefined ? '—' : `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`);
