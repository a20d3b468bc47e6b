import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRows } from './csv';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","click")', `"'=HYPERLINK(""https://evil.example"",""click"")"`],
    ['+1+cmd|calc', "'+1+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    [' =1+1', "' =1+1"],
    ['＝1+1', "'＝1+1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
  ])('defuses the formula %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('quotes per RFC 4180 and leaves plain text and numbers as they are', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvRows([['a', 1], ['=x', null]])).toBe("a,1\r\n'=x,\r\n");
  });
});

/**
 * Every CSV the project writes goes through csvCell: a module that joins cells with commas
 * itself is how the transparency CSV came to write formulas as they were.
 */
describe('every CSV writer uses the shared cell', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const sources = async (folder: string): Promise<string[]> => {
    const entries = await readdir(join(root, folder), { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.parentPath.includes('node_modules') && !e.parentPath.includes('.output') && !e.parentPath.includes('.wxt'))
      .map((e) => relative(root, join(e.parentPath, e.name)));
  };

  it('finds no other CSV cell quoting or comma-joined CSV line', async () => {
    const files = [...(await sources('functions')), ...(await sources('extension')), ...(await sources('infra'))];
    const writers: string[] = [];
    for (const file of files) {
      if (file === join('functions', 'core', 'csv.ts')) continue;
      const text = await readFile(join(root, file), 'utf8');
      // A CSV line built by hand: cells joined by "," then lines by CRLF, or a quote-doubling cell.
      if (/\.join\(','\)[^\n]*\\r\\n|replace\(\/"\/g, '""'\)|`\$\{[^}]+\},\$\{[^}]+\},\$\{[^}]+\}`/.test(text)) writers.push(file);
    }
    expect(writers).toEqual([]);
  });
});
