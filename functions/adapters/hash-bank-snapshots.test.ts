import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, LocalHashBankSnapshots, type HashBankSnapshot } from './hash-bank-snapshots';

const snapshot: HashBankSnapshot = {
  bank: 'partner-list',
  takenAt: '2026-12-06T20:00:00.000Z',
  images: [
    { entryId: `PDQ#${'a'.repeat(64)}`, pdq: 'a'.repeat(64), label: 'poster', source: 'partner' },
    { entryId: `PDQ#${'b'.repeat(64)}#ref_1`, pdq: 'b'.repeat(64), referralId: 'ref_1', quality: 90 },
  ],
  videos: [{ entryId: `VPDQ#${'c'.repeat(64)}#ref_2`, frames: [{ pdq: 'd'.repeat(64), quality: 80, timestamp: 0 }], referralId: 'ref_2' }],
};

describe('hash bank snapshots', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('round-trips a bank through gzipped NDJSON', async () => {
    expect(await decodeSnapshot('partner-list', await encodeSnapshot(snapshot))).toEqual(snapshot);
  });

  it('is no snapshot when truncated, of another bank, damaged or not gzip: the reader falls back to the table', async () => {
    const text = gunzipSync(await encodeSnapshot(snapshot)).toString('utf8');
    const lines = text.trimEnd().split('\n');
    expect(await decodeSnapshot('partner-list', gzipSync(`${lines.slice(0, -1).join('\n')}\n`))).toBeUndefined();
    expect(await decodeSnapshot('other-list', await encodeSnapshot(snapshot))).toBeUndefined();
    expect(await decodeSnapshot('partner-list', gzipSync(text.replace('"poster"', '"poster')))).toBeUndefined();
    expect(await decodeSnapshot('partner-list', gzipSync(text.replace(`"pdq":"${'a'.repeat(64)}"`, `"pdq":"${'<script>'.padEnd(64, 'a')}"`)))).toBeUndefined();
    expect(await decodeSnapshot('partner-list', new TextEncoder().encode(text))).toBeUndefined();
  });

  it('stores one file a bank in a folder on the local stack, replaced whole', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-snapshots-'));
    const store = new LocalHashBankSnapshots(dir);
    expect(await store.read('partner-list')).toBeUndefined();
    await store.write(snapshot);
    await store.write({ ...snapshot, takenAt: '2026-12-06T21:00:00.000Z' });
    expect(await store.read('partner-list')).toEqual({ ...snapshot, takenAt: '2026-12-06T21:00:00.000Z' });
    await writeFile(join(dir, 'hash-banks', 'partner-list', 'snapshot.ndjson.gz'), 'not a snapshot');
    expect(await store.read('partner-list')).toBeUndefined();
  });
});
