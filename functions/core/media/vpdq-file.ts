import { maxVideoFrames } from '../../contract/report';
import { parsePdqHex, pdqHex } from './pdq-hash';
import type { VideoFrameHash } from './vpdq';

/**
 * One video's vPDQ hash as ThreatExchange's hashers write it: a line per sampled frame,
 * `frame_number,hash,quality,timestamp` (the Python binding's example) or
 * `frame_number,quality,hash,timestamp` (the order of the C++ `vpdqFeature`), told apart by which
 * field is 64 hex digits. A bank stores at most `maxVideoFrames` frames of a video: the unique
 * ones, in order (vPDQ compares unique frames, so repeats add nothing).
 */

export type ReadVpdqFileResult = { ok: true; frames: VideoFrameHash[]; duplicates: number } | { ok: false; line?: number; message: string };

const number = /^\d+(?:\.\d+)?$/;

export const readVpdqFile = (content: string): ReadVpdqFileResult => {
  const frames: VideoFrameHash[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const rows = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, row] of rows.entries()) {
    const line = index + 1;
    if (row.trim() === '' || row.trim().startsWith('#')) continue;
    const fields = row.split(',').map((field) => field.trim());
    if (fields.length !== 4) return { ok: false, line, message: 'expected "frame_number,hash,quality,timestamp"' };
    const [frame = '', second = '', third = '', timestamp = ''] = fields;
    const [hex, quality] = parsePdqHex(second) ? [second, third] : [third, second];
    const hash = parsePdqHex(hex);
    if (!hash) return { ok: false, line, message: 'no field is a PDQ hash (64 hex digits)' };
    if (!/^\d+$/.test(frame) || !/^\d{1,3}$/.test(quality) || Number(quality) > 100 || !number.test(timestamp)) {
      return { ok: false, line, message: 'expected a frame number, a quality of 0 to 100 and a timestamp in seconds' };
    }
    const pdq = pdqHex(hash);
    if (seen.has(pdq)) {
      duplicates++;
      continue;
    }
    seen.add(pdq);
    if (frames.length === maxVideoFrames) return { ok: false, line, message: `more than ${maxVideoFrames} unique frames: sample the video at a lower rate` };
    frames.push({ pdq, quality: Number(quality), timestamp: Number(timestamp) });
  }
  if (frames.length === 0) return { ok: false, message: 'no frames: the file is empty' };
  return { ok: true, frames, duplicates };
};

/**
 * A video from a signal file's `vpdq` line (python-threatexchange's `vpdq_to_json`: a JSON array of
 * `"<hex>,<quality>,<timestamp>"`), its unique frames in order.
 */
export const readVpdqSignal = (json: string): ReadVpdqFileResult => {
  let features: unknown;
  try {
    features = JSON.parse(json);
  } catch {
    return { ok: false, message: 'a vpdq signal is a JSON array of "hex,quality,timestamp" strings' };
  }
  if (!Array.isArray(features) || !features.every((feature) => typeof feature === 'string')) {
    return { ok: false, message: 'a vpdq signal is a JSON array of "hex,quality,timestamp" strings' };
  }
  // The hasher lines without their frame numbers: the numbers are not used in matching.
  const read = readVpdqFile(features.map((feature, index) => `${index},${feature}`).join('\n'));
  return read.ok ? read : { ok: false, message: read.message };
};
