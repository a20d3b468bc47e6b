import { describe, expect, it } from 'vitest';
import { detectHashListFormat, formatSignalFile, formatVpdqSignalLine, readHashList } from './hash-list';

const a = 'fea7622d2e2f589694da269a17452a8409a28fc0afbf420f5d017de6ede0b758';
const b = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';

const listOf = (fileName: string, content: string) => {
  const result = readHashList(fileName, content);
  if (!result.ok) throw new Error(result.message);
  return result.list;
};

describe('hash lists', () => {
  it('reads CSV with a header, lower-cases hashes, treats blank cells as absent, and names bad lines', () => {
    const list = listOf('list.csv', `pdq,label,source\n${a.toUpperCase()},"poster, v2",gifct\n${b},,\nnot-a-hash,x,y\n${a},again,\n`);
    expect(list).toEqual({
      format: 'csv',
      entries: [
        { pdq: a, label: 'poster, v2', source: 'gifct' },
        { pdq: b },
      ],
      rejected: [{ line: 4, message: 'pdq: not a PDQ hash: expected 64 hex digits' }],
      duplicates: 1,
      otherSignalTypes: 0,
      videos: [],
    });
  });

  it('refuses a CSV file with an unknown column or without pdq', () => {
    expect(readHashList('list.csv', `pdq,lable\n${a},x\n`)).toEqual({ ok: false, message: 'unknown column(s) lable; allowed: pdq, label, source' });
    expect(readHashList('list.csv', 'label\nx\n')).toEqual({ ok: false, message: 'the header must name the column pdq' });
  });

  it('reads NDJSON and rejects lines with unknown fields', () => {
    const list = listOf('list.ndjson', `{"pdq":"${a}","label":"video still"}\n\n{"pdq":"${b}","lable":"x"}\n[1]\n`);
    expect(list.entries).toEqual([{ pdq: a, label: 'video still' }]);
    expect(list.rejected.map((issue) => issue.line)).toEqual([3, 4]);
  });

  it('reads python-threatexchange / HMA signal files, skipping other signal types', () => {
    const list = listOf('bank.txt', `pdq ${a}\nvideo_md5 d41d8cd98f00b204e9800998ecf8427e\n# a comment\n${b}\npdq nothex\n`);
    expect(list).toMatchObject({ format: 'signal-file', entries: [{ pdq: a }, { pdq: b }], otherSignalTypes: 1 });
    expect(list.rejected).toEqual([{ line: 5, message: 'pdq: not a PDQ hash: expected 64 hex digits' }]);
  });

  it("reads Meta's pdq-photo-hasher output and ours, keeping quality and the file name as label", () => {
    expect(listOf('out.txt', `${a},100,img/one.jpg\n${b},36,img/two.png\n`).entries).toEqual([
      { pdq: a, quality: 100, label: 'img/one.jpg' },
      { pdq: b, quality: 36, label: 'img/two.png' },
    ]);
    expect(detectHashListFormat('hashes.txt', `${a} 100 photo.jpg\n`)).toBe('hasher-output');
  });

  it('writes a bank as the signal file HMA loads', () => {
    const exported = formatSignalFile([{ pdq: a }, { pdq: b }]);
    expect(exported).toBe(`pdq ${a}\npdq ${b}\n`);
    expect(listOf('bank.txt', exported).entries).toEqual([{ pdq: a }, { pdq: b }]);
  });

  it("writes a video as python-threatexchange's vPDQ signal: a JSON array of hex,quality,timestamp strings", () => {
    const line = formatVpdqSignalLine([
      { pdq: 'a'.repeat(64), quality: 100, timestamp: 0 },
      { pdq: 'b'.repeat(64), quality: 87, timestamp: 1.5 },
    ]);
    expect(line).toBe(`vpdq ["${'a'.repeat(64)},100,0.000","${'b'.repeat(64)},87,1.500"]\n`);
    // Read back as HMA's signal file: the image hash and the video, even when the video comes first.
    expect(readHashList('bank.txt', `pdq ${'c'.repeat(64)}\n${line}`)).toMatchObject({
      ok: true,
      list: { entries: [{ pdq: 'c'.repeat(64) }], otherSignalTypes: 0, videos: [{ line: 2, frames: [{ pdq: 'a'.repeat(64), quality: 100, timestamp: 0 }, { pdq: 'b'.repeat(64), quality: 87, timestamp: 1.5 }] }] },
    });
    expect(readHashList('bank.txt', line)).toMatchObject({ ok: true, list: { format: 'signal-file', videos: [{ line: 1 }] } });
    // Python's json.dumps puts a space after each comma; a damaged signal is refused with its line.
    expect(readHashList('bank.txt', `vpdq ["${'a'.repeat(64)},100,0.0", "${'b'.repeat(64)},90,1.0"]\nvpdq ["zz,100,0"]\nvpdq {"a": 1}\n`)).toMatchObject({
      ok: true,
      list: { videos: [{ line: 1, frames: [{ pdq: 'a'.repeat(64) }, { pdq: 'b'.repeat(64) }] }], rejected: [{ line: 2, message: expect.stringContaining('PDQ hash') }, { line: 3, message: expect.stringContaining('JSON array') }] },
    });
  });
});
