/**
 * Cells a spreadsheet would run as a formula: = + - @ first, also after leading blanks or as
 * their full-width forms, and tab or carriage return first (OWASP "CSV injection"). Titles,
 * URLs, group names and file names come from content and people we do not control.
 */
const formulaStart = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/**
 * One CSV cell (RFC 4180 quoting). A text that a spreadsheet would read as a formula is
 * prefixed with an apostrophe; numbers are written as numbers (a negative count is no formula).
 */
export const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One CSV line, CRLF-terminated as RFC 4180 writes it. */
export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A whole CSV document. */
export const csvRows = (rows: readonly (readonly unknown[])[]): string => rows.map(csvLine).join('');
