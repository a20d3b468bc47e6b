import { describe, expect, it } from 'vitest';
import type { HashBankStore, StoredBankEntry } from '../adapters/stores/hash-bank-store';
import type { HashBankItem } from '../adapters/table/items';
import type { ExplainedLabel } from '../contract/responses';
import type { ImageHashResult } from '../core/media/media-check';
import { dihedralNames, type DihedralName } from '../core/media/pdq';
import type { CapturedVideoV1 } from '../contract/report';
import { videoFramesDigest, type VideoBankEntry } from '../core/media/video-bank';
import { MediaBanks, referralMediaBank } from './media-banks';

const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';

/** An image whose every dihedral hash is the horse's (enough to match plain entries). */
const image = (quality = 100): ImageHashResult => ({
  ok: true,
  pdq: horse,
  quality,
  dihedral: Object.fromEntries(dihedralNames.map((name) => [name, horse])) as Record<DihedralName, string>,
});

/** The table as a few maps: the store's contract without DynamoDB. */
class TableStandIn implements Pick<HashBankStore, 'listBanks' | 'listEntries' | 'listVideos' | 'labelReferral' | 'putEntries' | 'putVideo'> {
  banks = new Map<string, HashBankItem>();
  entries = new Map<string, StoredBankEntry[]>();
  videos = new Map<string, VideoBankEntry[]>();
  labels = new Map<string, ExplainedLabel[]>();
  labelKeys = new Set<string>();
  reads = 0;
  async listBanks() {
    return [...this.banks.values()];
  }
  async listEntries(bank: string) {
    this.reads++;
    return this.entries.get(bank) ?? [];
  }
  async listVideos(bank: string) {
    return this.videos.get(bank) ?? [];
  }
  async putVideo(bank: string, video: Omit<VideoBankEntry, 'entryId'>) {
    const entry = { ...video, entryId: `VPDQ#${videoFramesDigest(video.frames)}#${video.referralId}` };
    this.videos.set(bank, [...(this.videos.get(bank) ?? []).filter((known) => known.entryId !== entry.entryId), entry]);
    return entry;
  }
  async labelReferral(referralId: string, key: string, labels: readonly ExplainedLabel[]) {
    // As the table's condition: one artifact or video labels its referral once.
    if (this.labelKeys.has(`${referralId} ${key}`)) return false;
    this.labelKeys.add(`${referralId} ${key}`);
    this.labels.set(referralId, [...(this.labels.get(referralId) ?? []), ...labels]);
    return labels.length > 0;
  }
  async putEntries(bank: string, entries: readonly StoredBankEntry[]) {
    this.entries.set(bank, [...(this.entries.get(bank) ?? []), ...entries]);
  }
  importList(bank: string, updatedAt: string, entries: StoredBankEntry[]) {
    this.banks.set(bank, { pk: 'HASHBANKS', sk: bank, entity: 'hash-bank', bank, maxDistance: 31, updatedAt });
    this.entries.set(bank, entries);
  }
}

describe('MediaBanks', () => {
  it('sees an imported list from the next report on, and its own banked images at once', async () => {
    const table = new TableStandIn();
    const banks = new MediaBanks(table, () => 0);
    await banks.matchAndRemember('ref_a', new Map([['a'.repeat(64), image()]]), 't1');
    expect(table.labels.get('ref_a')).toBeUndefined();
    table.importList('list', 't2', [{ entryId: 'PDQ#x', pdq: horse, label: 'poster' }]);
    await banks.matchAndRemember('ref_b', new Map([['b'.repeat(64), image()]]), 't3');
    expect(table.labels.get('ref_b')?.map((label) => [label.name, label.value]).sort()).toEqual([
      ['hash-bank-match', 'list/PDQ#x'],
      ['same-media', 'ref_a'],
    ]);
  });

  it("reloads the referrals' bank only after its refresh time, to see other instances' images", async () => {
    let now = 0;
    const table = new TableStandIn();
    const banks = new MediaBanks(table, () => now, 60_000);
    await banks.banks();
    // Another instance banked an image.
    table.entries.set(referralMediaBank, [{ entryId: 'PDQ#y', pdq: horse, referralId: 'ref_other' }]);
    now = 30_000;
    await banks.matchAndRemember('ref_c', new Map([['c'.repeat(64), image()]]), 't');
    expect(table.labels.get('ref_c')).toBeUndefined();
    now = 61_000;
    await banks.matchAndRemember('ref_d', new Map([['d'.repeat(64), image()]]), 't');
    expect(table.labels.get('ref_d')?.map((label) => label.value)).toEqual(['ref_c', 'ref_other']);
  });

  it('neither matches nor banks an image of quality under 50', async () => {
    const table = new TableStandIn();
    const banks = new MediaBanks(table, () => 0);
    await banks.matchAndRemember('ref_e', new Map([['e'.repeat(64), image(49)]]), 't');
    expect(table.entries.get(referralMediaBank)).toBeUndefined();
  });

  describe('videos', () => {
    /** Pseudo-random frame hashes (a fixed LCG): any two are far apart, so each frame matches only itself. */
    const frames = (count: number, seed: number): CapturedVideoV1['frames'] => {
      let state = seed;
      const nextHex = () => {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        return (state >>> 8).toString(16).padStart(6, '0').slice(-4);
      };
      return Array.from({ length: count }, (_, i) => ({ pdq: Array.from({ length: 16 }, nextHex).join(''), quality: 90, timestamp: i }));
    };
    const video = (url: string, videoFrames: CapturedVideoV1['frames']): CapturedVideoV1 => ({ url, sha256: 'f'.repeat(64), bytes: 1000, mediaType: 'video/webm', durationSeconds: videoFrames.length, frames: videoFrames });

    it('links a clip of an earlier referral\'s video to it with both shares, and labels it once when redelivered', async () => {
      const table = new TableStandIn();
      const banks = new MediaBanks(table, () => 0);
      const original = frames(30, 11);
      await banks.matchAndRememberVideos('ref_v1', [video('https://a.example/v.webm', original)], 't1');
      expect(table.labels.get('ref_v1')).toBeUndefined();
      const clip = video('https://b.example/clip.webm', original.slice(10, 25));
      await banks.matchAndRememberVideos('ref_v2', [clip], 't2');
      await banks.matchAndRememberVideos('ref_v2', [clip], 't2');
      expect(table.labels.get('ref_v2')).toEqual([
        {
          name: 'same-media',
          value: 'ref_v1',
          rule: "vpdq 100% of this video's frames >= 80% (other video 50%), frames within pdq distance 31, quality >= 50",
          evidence: [
            `video ${videoFramesDigest(clip.frames)} sha256 ${'f'.repeat(64)} at https://b.example/clip.webm: 15 usable frames`,
            `bank referrals entry VPDQ#${videoFramesDigest(original)}#ref_v1: 30 usable frames`,
            `source video ${'f'.repeat(64)} at https://a.example/v.webm`,
          ],
        },
      ]);
      // Both videos are banked, the clip once however often its report arrives.
      expect(table.videos.get(referralMediaBank)?.map((entry) => entry.referralId)).toEqual(['ref_v1', 'ref_v2']);
    });

    it("matches an imported bank's video, and not a video that shares too few frames", async () => {
      const table = new TableStandIn();
      const listed = frames(10, 5);
      table.importList('partner-videos', 't0', []);
      table.videos.set('partner-videos', [{ entryId: 'VPDQ#listed', frames: listed, label: 'attack video' }]);
      const banks = new MediaBanks(table, () => 0);
      await banks.matchAndRememberVideos('ref_v3', [video('https://c.example/v.webm', [...listed.slice(0, 7), ...frames(3, 77)])], 't');
      expect(table.labels.get('ref_v3')).toBeUndefined();
      await banks.matchAndRememberVideos('ref_v4', [video('https://d.example/v.webm', [...listed.slice(0, 8), ...frames(2, 78)])], 't');
      expect(table.labels.get('ref_v4')).toEqual([expect.objectContaining({ name: 'hash-bank-match', value: 'partner-videos/VPDQ#listed', rule: expect.stringMatching(/^vpdq 80% /) })]);
    });
  });
});
