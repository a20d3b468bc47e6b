import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHashBankSnapshots } from '../../functions/adapters/hash-bank-snapshots';
import type { HashBankStore } from '../../functions/adapters/stores/hash-bank-store';
import { MediaBanks, referralMediaBank } from '../../functions/process/media-banks';
import { indexSnapshotDirOf } from '../../infra/local/running-stack';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

const run = promisify(execFile);

let local: LocalStackHandle;
let token: string;

beforeAll(async () => {
  local = await startLocalStack();
  await local.announceRunning();
  token = await local.tokenFor({ role: 'referrer', unit: 'eu-iru' });
});
afterAll(async () => {
  await local?.stop();
});

const camera = '3c90fb7f80939fe67e4fe814637903878c16d87928e4dfc3720609b8dfb16241';
const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';

/** The real store, counting the whole-partition reads a cold start should not need. */
const countingStore = (store: HashBankStore) => {
  const wholeReads: string[] = [];
  return {
    wholeReads,
    store: {
      listBanks: () => store.listBanks(),
      listEntries: (bank: string) => {
        wholeReads.push(bank);
        return store.listEntries(bank);
      },
      listVideos: (bank: string) => store.listVideos(bank),
      listAdditionsSince: (bank: string, since: string) => store.listAdditionsSince(bank, since),
      labelReferral: store.labelReferral.bind(store),
      putEntries: store.putEntries.bind(store),
      putVideo: store.putVideo.bind(store),
    },
  };
};

/** Frames that match only themselves (a fixed LCG), as the extension would send for a flagged video. */
const frames = (count: number, seed: number) => {
  let state = seed;
  const nextHex = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8).toString(16).padStart(6, '0').slice(-4);
  };
  return Array.from({ length: count }, (_, timestamp) => ({ pdq: Array.from({ length: 16 }, nextHex).join(''), quality: 90, timestamp }));
};

describe('the match index rebuilt on a cold start from snapshots and the table', () => {
  it('writes a snapshot at import, and a cold start reads it plus only what was added since, without reading the partition', async () => {
    const list = join(local.dataDir, 'snapshot-list.txt');
    await writeFile(list, `pdq ${camera}\n`);
    await run(process.execPath, ['--import', 'tsx', 'infra/local/hashes-cli.ts', 'import', list, '--bank', 'snapshot-list', '--unit', 'eu-iru'], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: local.dataDir } });
    const snapshots = new LocalHashBankSnapshots(indexSnapshotDirOf(local.dataDir));
    expect(await snapshots.read('snapshot-list')).toMatchObject({ bank: 'snapshot-list', images: [{ entryId: `PDQ#${camera}`, pdq: camera }], videos: [] });

    // The list gains an entry after its snapshot (written straight to the table, as another import would).
    await local.stores.hashBanks.putEntries('snapshot-list', [{ entryId: `PDQ#${horse}`, pdq: horse, label: 'added after the snapshot' }], new Date().toISOString());
    // A video reaches the referrals' bank through the pipeline.
    const video = frames(12, 4321);
    const url = 'https://cold.example.org/v/1';
    const report = makeReport({ url, capture: { capturedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), url, extensionVersion: '0.1.0', browser: 'Chromium', artifacts: [], videos: [{ url: `${url}.webm`, sha256: 'e'.repeat(64), bytes: 10, mediaType: 'video/webm', durationSeconds: 12, frames: video }] } });
    expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);

    // The pipeline's instance wrote the referrals' snapshot on its own cold start (it had none).
    expect(await snapshots.read(referralMediaBank)).toBeDefined();

    const { store, wholeReads } = countingStore(local.stores.hashBanks);
    const cold = new MediaBanks(store, { snapshots });
    const banks = await cold.banks();
    expect(wholeReads).toEqual([]);
    expect(banks.get('snapshot-list')?.images.entries().map((entry) => entry.pdq).sort()).toEqual([horse, camera].sort());
    expect(banks.get(referralMediaBank)?.videos.match(video)).toEqual([expect.objectContaining({ entry: expect.objectContaining({ referralId }) })]);
  });

  it('falls back to the table when a snapshot is damaged, and replaces it', async () => {
    const snapshots = new LocalHashBankSnapshots(indexSnapshotDirOf(local.dataDir));
    await writeFile(join(indexSnapshotDirOf(local.dataDir), 'hash-banks', 'snapshot-list', 'snapshot.ndjson.gz'), `not gzip ${randomUUID()}`);
    const { store, wholeReads } = countingStore(local.stores.hashBanks);
    const banks = await new MediaBanks(store, { snapshots }).banks();
    expect(wholeReads).toContain('snapshot-list');
    expect(banks.get('snapshot-list')?.images.size).toBe(2);
    expect((await snapshots.read('snapshot-list'))?.images.map((entry) => entry.pdq).sort()).toEqual([horse, camera].sort());
  });
});
