import { describe, expect, it } from 'vitest';
import type { HashBankSnapshot, HashBankSnapshots } from '../adapters/hash-bank-snapshots';
import type { StoredBankEntry } from '../adapters/stores/hash-bank-store';
import type { HashBankItem } from '../adapters/table/items';
import type { ExplainedLabel } from '../contract/responses';
import type { ImageHashResult } from '../core/media/media-check';
import { dihedralNames, type DihedralName } from '../core/media/pdq';
import type { CapturedVideoV1 } from '../contract/report';
import { videoFramesDigest, type VideoBankEntry } from '../core/media/video-bank';
import { MediaBanks, referralMediaBank, writeBankSnapshot, type MediaBankStore } from './media-banks';

const horse = '290dc8522f16c1de5b66d6f3fa01a2d8a857ac1eb5d605d6d93636b101a5e92f';

/** An image whose every dihedral hash is the horse's (enough to match plain entries). */
const image = (quality = 100): ImageHashResult => ({
  ok: true,
  pdq: horse,
  quality,
  dihedral: Object.fromEntries(dihedralNames.map((name) => [name, horse])) as Record<DihedralName, string>,
});

/** The table as a few maps: the store's contract without DynamoDB. Every write records its `addedAt`, as the bank index does. */
class TableStandIn implements MediaBankStore {
  banks = new Map<string, HashBankItem>();
  entries = new Map<string, (StoredBankEntry & { addedAt: string })[]>();
  videos = new Map<string, (VideoBankEntry & { addedAt: string })[]>();
  labels = new Map<string, ExplainedLabel[]>();
  labelKeys = new Set<string>();
  /** Whole-partition reads, and bank index reads with their `since`. */
  wholeReads: string[] = [];
  additionReads: { bank: string; since: string }[] = [];
  async listBanks() {
    return [...this.banks.values()];
  }
  async listEntries(bank: string) {
    this.wholeReads.push(bank);
    return (this.entries.get(bank) ?? []).map(({ addedAt: _, ...entry }) => entry);
  }
  async listVideos(bank: string) {
    return (this.videos.get(bank) ?? []).map(({ addedAt: _, ...entry }) => entry);
  }
  /** Purge marks by bank: referral id and `purgedAt`. */
  purges = new Map<string, { referralId: string; at: string }[]>();
  async listAdditionsSince(bank: string, since: string) {
    this.additionReads.push({ bank, since });
    return {
      images: (this.entries.get(bank) ?? []).filter((entry) => entry.addedAt >= since).map(({ addedAt: _, ...entry }) => entry),
      videos: (this.videos.get(bank) ?? []).filter((entry) => entry.addedAt >= since).map(({ addedAt: _, ...entry }) => entry),
      purgedReferrals: (this.purges.get(bank) ?? []).filter((purge) => purge.at >= since).map((purge) => purge.referralId),
    };
  }
  /** As HashBankStore.forgetReferral: the referral's entries and videos deleted, then its mark. */
  forgetReferral(bank: string, referralId: string, at: string) {
    this.entries.set(bank, (this.entries.get(bank) ?? []).filter((entry) => entry.referralId !== referralId));
    this.videos.set(bank, (this.videos.get(bank) ?? []).filter((entry) => entry.referralId !== referralId));
    this.purges.set(bank, [...(this.purges.get(bank) ?? []), { referralId, at }]);
  }
  async putVideo(bank: string, video: Omit<VideoBankEntry, 'entryId'>, at: string) {
    const entry = { ...video, entryId: `VPDQ#${videoFramesDigest(video.frames)}#${video.referralId}` };
    this.videos.set(bank, [...(this.videos.get(bank) ?? []).filter((known) => known.entryId !== entry.entryId), { ...entry, addedAt: at }]);
    return entry;
  }
  async labelReferral(referralId: string, key: string, labels: readonly ExplainedLabel[]) {
    // As the table's condition: one artifact or video labels its referral once.
    if (this.labelKeys.has(`${referralId} ${key}`)) return false;
    this.labelKeys.add(`${referralId} ${key}`);
    this.labels.set(referralId, [...(this.labels.get(referralId) ?? []), ...labels]);
    return labels.length > 0;
  }
  async putEntries(bank: string, entries: readonly StoredBankEntry[], at: string) {
    this.entries.set(bank, [...(this.entries.get(bank) ?? []), ...entries.map((entry) => ({ ...entry, addedAt: at }))]);
  }
  importList(bank: string, updatedAt: string, entries: StoredBankEntry[], maxDistance = 31) {
    this.banks.set(bank, { pk: 'HASHBANKS', sk: bank, entity: 'hash-bank', bank, maxDistance, updatedAt });
    this.entries.set(bank, [...(this.entries.get(bank) ?? []), ...entries.map((entry) => ({ ...entry, addedAt: updatedAt }))]);
  }
}

/** Snapshots in memory, as S3 holds them: one object a bank, replaced whole. */
class SnapshotsStandIn implements HashBankSnapshots {
  objects = new Map<string, HashBankSnapshot>();
  writes: HashBankSnapshot[] = [];
  async read(bank: string) {
    return this.objects.get(bank);
  }
  async write(snapshot: HashBankSnapshot) {
    this.writes.push(snapshot);
    this.objects.set(snapshot.bank, structuredClone(snapshot));
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('MediaBanks', () => {
  it('sees an imported list from the next report on, and its own banked images at once', async () => {
    const table = new TableStandIn();
    const banks = new MediaBanks(table, { now: () => 0 });
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
    const banks = new MediaBanks(table, { now: () => now, refreshMs: 60_000 });
    await banks.banks();
    // Another instance banked an image.
    await table.putEntries(referralMediaBank, [{ entryId: 'PDQ#y', pdq: horse, referralId: 'ref_other' }], iso(now));
    now = 30_000;
    await banks.matchAndRemember('ref_c', new Map([['c'.repeat(64), image()]]), 't');
    expect(table.labels.get('ref_c')).toBeUndefined();
    now = 61_000;
    await banks.matchAndRemember('ref_d', new Map([['d'.repeat(64), image()]]), 't');
    expect(table.labels.get('ref_d')?.map((label) => label.value)).toEqual(['ref_c', 'ref_other']);
  });

  it('neither matches nor banks an image of quality under 50', async () => {
    const table = new TableStandIn();
    const banks = new MediaBanks(table, { now: () => 0 });
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
      const banks = new MediaBanks(table, { now: () => 0 });
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
      table.videos.set('partner-videos', [{ entryId: 'VPDQ#listed', frames: listed, label: 'attack video', addedAt: 't0' }]);
      const banks = new MediaBanks(table, { now: () => 0 });
      await banks.matchAndRememberVideos('ref_v3', [video('https://c.example/v.webm', [...listed.slice(0, 7), ...frames(3, 77)])], 't');
      expect(table.labels.get('ref_v3')).toBeUndefined();
      await banks.matchAndRememberVideos('ref_v4', [video('https://d.example/v.webm', [...listed.slice(0, 8), ...frames(2, 78)])], 't');
      expect(table.labels.get('ref_v4')).toEqual([expect.objectContaining({ name: 'hash-bank-match', value: 'partner-videos/VPDQ#listed', rule: expect.stringMatching(/^vpdq 80% /) })]);
    });
  });

  describe('cold starts from snapshots', () => {
    const minute = 60_000;
    const entry = (id: string, referralId?: string): StoredBankEntry => ({ entryId: `PDQ#${id}`, pdq: horse, ...(referralId ? { referralId } : {}) });

    it("reads a bank's snapshot and then only what the bank index lists since it (less the margin), never the partition", async () => {
      const table = new TableStandIn();
      const snapshots = new SnapshotsStandIn();
      const now = 100 * minute;
      table.importList('list', iso(10 * minute), [entry('old')]);
      snapshots.objects.set('list', { bank: 'list', takenAt: iso(20 * minute), images: [{ entryId: 'PDQ#old', pdq: horse, label: 'from the snapshot' }], videos: [] });
      await table.putEntries('list', [{ ...entry('new'), label: 'added since' }], iso(50 * minute));
      snapshots.objects.set(referralMediaBank, { bank: referralMediaBank, takenAt: iso(20 * minute), images: [], videos: [] });
      const banks = new MediaBanks(table, { snapshots, now: () => now, marginMs: 5 * minute });
      await banks.matchAndRemember('ref_a', new Map([['a'.repeat(64), image()]]), iso(now));
      expect(table.wholeReads).toEqual([]);
      expect(table.additionReads).toEqual([
        { bank: 'list', since: iso(15 * minute) },
        { bank: referralMediaBank, since: iso(15 * minute) },
      ]);
      expect(table.labels.get('ref_a')?.map((label) => label.evidence.find((line) => line.startsWith('label'))).sort()).toEqual(['label added since', 'label from the snapshot']);
      // Both were close enough to their snapshots: nothing rewritten.
      expect(snapshots.writes).toEqual([]);
    });

    it('reads the partition when a bank has no snapshot (or an unreadable one) and writes one, complete up to when it began reading', async () => {
      const table = new TableStandIn();
      const snapshots = new SnapshotsStandIn();
      table.importList('list', iso(0), [entry('x')]);
      const banks = new MediaBanks(table, { snapshots, now: () => 7 * minute });
      await banks.banks();
      expect(table.wholeReads.sort()).toEqual(['list', referralMediaBank]);
      expect(snapshots.writes.map((snapshot) => [snapshot.bank, snapshot.takenAt, snapshot.images.map((image) => image.entryId)])).toEqual([
        ['list', iso(7 * minute), ['PDQ#x']],
        [referralMediaBank, iso(7 * minute), []],
      ]);
      // The next cold start (another instance) reads the snapshot and no partition.
      table.wholeReads = [];
      const next = new MediaBanks(table, { snapshots, now: () => 9 * minute });
      expect((await next.banks()).get('list')?.images.size).toBe(1);
      expect(table.wholeReads).toEqual([]);
    });

    it('writes a new snapshot when the additions beyond the old one reach the threshold', async () => {
      const table = new TableStandIn();
      const snapshots = new SnapshotsStandIn();
      snapshots.objects.set(referralMediaBank, { bank: referralMediaBank, takenAt: iso(0), images: [entry('a', 'ref_1')], videos: [] });
      await table.putEntries(referralMediaBank, [entry('b', 'ref_2'), entry('c', 'ref_3')], iso(30 * minute));
      const banks = new MediaBanks(table, { snapshots, now: () => 60 * minute, snapshotAfter: 2 });
      await banks.banks();
      expect(snapshots.writes).toEqual([expect.objectContaining({ bank: referralMediaBank, takenAt: iso(60 * minute), images: [expect.objectContaining({ entryId: 'PDQ#a' }), expect.objectContaining({ entryId: 'PDQ#b' }), expect.objectContaining({ entryId: 'PDQ#c' })] })]);
    });

    it("brings a warm instance up to date by additions only: the referrals' bank by age, an imported list when its updatedAt moves, a new distance by a fresh read", async () => {
      let now = 100 * minute;
      const table = new TableStandIn();
      const snapshots = new SnapshotsStandIn();
      table.importList('list', iso(now), [entry('x')]);
      const banks = new MediaBanks(table, { snapshots, now: () => now, refreshMs: minute, marginMs: 5 * minute });
      await banks.banks();
      table.wholeReads = [];
      table.additionReads = [];
      now += 2 * minute;
      table.importList('list', iso(now), [entry('y')]);
      await table.putEntries(referralMediaBank, [entry('z', 'ref_other')], iso(now));
      const refreshed = await banks.banks();
      expect(table.wholeReads).toEqual([]);
      expect(table.additionReads).toEqual([
        { bank: 'list', since: iso(95 * minute) },
        { bank: referralMediaBank, since: iso(95 * minute) },
      ]);
      expect(refreshed.get('list')?.images.size).toBe(2);
      expect(refreshed.get(referralMediaBank)?.images.size).toBe(1);
      // Nothing due: no read at all.
      table.additionReads = [];
      await banks.banks();
      expect(table.additionReads).toEqual([]);
      // A new distance: the indexes are rebuilt from the snapshot and the additions since.
      table.importList('list', iso(now), [], 12);
      expect((await banks.banks()).get('list')?.images.maxDistance).toBe(12);
    });

    it('reads the table when the snapshot store fails, tells why, and never fails the report for it', async () => {
      const table = new TableStandIn();
      table.importList('list', iso(0), [entry('x')]);
      const failures: string[] = [];
      const broken: HashBankSnapshots = {
        read: async () => {
          throw new Error('AccessDenied');
        },
        write: async () => {
          throw new Error('SlowDown');
        },
      };
      const banks = new MediaBanks(table, { snapshots: broken, now: () => 0, onSnapshotError: (bank, operation, error) => failures.push(`${bank} ${operation} ${(error as Error).message}`) });
      await banks.matchAndRemember('ref_s', new Map([['s'.repeat(64), image()]]), iso(0));
      expect(table.labels.get('ref_s')?.map((label) => label.value)).toEqual(['list/PDQ#x']);
      expect(failures.sort()).toEqual(['list read AccessDenied', 'list write SlowDown', 'referrals read AccessDenied', 'referrals write SlowDown']);
    });

    it('writes the snapshot of a bank from the table after an import', async () => {
      const table = new TableStandIn();
      const snapshots = new SnapshotsStandIn();
      table.importList('list', iso(0), [entry('x'), entry('y')]);
      expect(await writeBankSnapshot(table, snapshots, 'list', new Date(5 * minute))).toBe(2);
      expect(snapshots.objects.get('list')).toMatchObject({ bank: 'list', takenAt: iso(5 * minute), images: [{ entryId: 'PDQ#x' }, { entryId: 'PDQ#y' }], videos: [] });
    });
  });

  describe('retention purges', () => {
    const minute = 60_000;
    const sameImage = (referralId: string) => new Map([[referralId.padEnd(64, '0'), image()]]);
    const sameMediaOf = (table: TableStandIn, referralId: string) => (table.labels.get(referralId) ?? []).filter((label) => label.name === 'same-media').map((label) => label.value);

    it("drops a purged referral's media from a warm instance at its next refresh: a later copy no longer names it", async () => {
      let now = 0;
      const table = new TableStandIn();
      const banks = new MediaBanks(table, { now: () => now, refreshMs: minute, marginMs: 5 * minute });
      await banks.matchAndRemember('ref_purged', sameImage('ref_purged'), iso(now));
      await banks.matchAndRemember('ref_kept', sameImage('ref_kept'), iso(now));
      now += 10 * minute;
      table.forgetReferral(referralMediaBank, 'ref_purged', iso(now));
      now += 2 * minute;
      await banks.matchAndRemember('ref_later', sameImage('ref_later'), iso(now));
      expect(sameMediaOf(table, 'ref_later')).toEqual(['ref_kept']);
      expect((await banks.banks()).get(referralMediaBank)?.images.entries().map((entry) => entry.referralId).sort()).toEqual(['ref_kept', 'ref_later']);
    });

    it('drops it from a snapshot taken before the purge on a cold start, and replaces that snapshot at once', async () => {
      const table = new TableStandIn();
      const snapshots = new SnapshotsStandIn();
      const entry = (id: string, referralId: string): StoredBankEntry => ({ entryId: `PDQ#${id}#${referralId}`, pdq: horse, referralId });
      snapshots.objects.set(referralMediaBank, { bank: referralMediaBank, takenAt: iso(0), images: [entry('a', 'ref_purged'), entry('b', 'ref_kept')], videos: [] });
      table.forgetReferral(referralMediaBank, 'ref_purged', iso(30 * minute));
      const banks = new MediaBanks(table, { snapshots, now: () => 60 * minute });
      expect((await banks.banks()).get(referralMediaBank)?.images.entries().map((entry) => entry.referralId)).toEqual(['ref_kept']);
      expect(snapshots.writes.map((snapshot) => [snapshot.takenAt, snapshot.images.map((image) => image.referralId)])).toEqual([[iso(60 * minute), ['ref_kept']]]);
      // The next cold start finds a clean snapshot and rewrites nothing.
      const next = new MediaBanks(table, { snapshots, now: () => 61 * minute });
      expect((await next.banks()).get(referralMediaBank)?.images.size).toBe(1);
      expect(snapshots.writes).toHaveLength(1);
    });
  });
});
