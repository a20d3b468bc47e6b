import { describe, expect, it } from 'vitest';
import { detectFormat, readReferralFile } from './referral-file';

describe('readReferralFile', () => {
  it('gives each CSV row the line it starts on, across quoted newlines and blank lines', () => {
    const csv = 'url,category,selected_text\nhttps://t.me/a/1,propaganda,"two\nlines"\n\nhttps://t.me/a/2,other,\n';
    const read = readReferralFile('x.csv', csv);
    expect(read.ok && read.file.rows.map((row) => [row.line, row.fields['url']])).toEqual([
      [2, 'https://t.me/a/1'],
      [5, 'https://t.me/a/2'],
    ]);
  });

  it('reports rows with the wrong number of fields as unreadable, with their line', () => {
    const read = readReferralFile('x.csv', 'url,category\nhttps://t.me/a/1,propaganda,extra\nhttps://t.me/a/2,other\n');
    expect(read.ok && read.file.unreadable).toEqual([{ line: 2, message: 'expected 2 fields as in the header, found 3' }]);
  });

  it('refuses a file with a misspelt column instead of dropping the field', () => {
    const read = readReferralFile('x.csv', 'url,catgory\nhttps://t.me/a/1,propaganda\n');
    expect(read).toMatchObject({ ok: false, message: expect.stringContaining('catgory') });
  });

  it('reads NDJSON line by line and flags lines that are not objects', () => {
    const read = readReferralFile('x.ndjson', '{"url":"https://t.me/a/1","category":"other"}\n\n[1]\n{"url":\n');
    expect(read.ok && read.file.rows.map((row) => row.line)).toEqual([1]);
    expect(read.ok && read.file.unreadable.map((problem) => problem.line)).toEqual([3, 4]);
  });

  it('sniffs the format when the extension does not say', () => {
    expect(detectFormat('export.txt', '\uFEFF  {"url":"x"}')).toBe('ndjson');
    expect(detectFormat('export.txt', 'url,category\n')).toBe('csv');
    expect(detectFormat('export.jsonl', 'url,category\n')).toBe('ndjson');
  });
});
