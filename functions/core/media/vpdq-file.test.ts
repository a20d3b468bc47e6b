import { describe, expect, it } from 'vitest';
import { readVpdqFile } from './vpdq-file';

const a = 'e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c';
const b = 'c0f11178372c6aaccddea259648fbfd62f434c89c9e99b249772be216c8d055c';

describe("reading a video's vPDQ hash file", () => {
  it("reads ThreatExchange's frame lines in either field order, keeping each hash's first frame", () => {
    expect(readVpdqFile(`0,${a},100,0\n1,${a},98,1\n2,${b.toUpperCase()},80,2.5\n`)).toEqual({
      ok: true,
      frames: [
        { pdq: a, quality: 100, timestamp: 0 },
        { pdq: b, quality: 80, timestamp: 2.5 },
      ],
      duplicates: 1,
    });
    expect(readVpdqFile(`# frame,quality,hash,timestamp\r\n0,90,${a},0.000\r\n`)).toEqual({ ok: true, frames: [{ pdq: a, quality: 90, timestamp: 0 }], duplicates: 0 });
  });

  it('refuses a line it cannot read, with its number, an empty file and more than ten minutes of unique frames', () => {
    expect(readVpdqFile(`0,${a},100,0\n1,not-a-hash,100,1\n`)).toEqual({ ok: false, line: 2, message: 'no field is a PDQ hash (64 hex digits)' });
    expect(readVpdqFile(`0,${a},101,0\n`)).toMatchObject({ ok: false, line: 1 });
    expect(readVpdqFile(`0,${a},100\n`)).toMatchObject({ ok: false, line: 1, message: expect.stringContaining('frame_number,hash,quality,timestamp') });
    expect(readVpdqFile('\n\n')).toEqual({ ok: false, message: 'no frames: the file is empty' });
    const long = Array.from({ length: 601 }, (_, i) => `${i},${i.toString(16).padStart(64, '0')},100,${i}`).join('\n');
    expect(readVpdqFile(long)).toMatchObject({ ok: false, line: 601, message: expect.stringContaining('more than 600 unique frames') });
  });
});
