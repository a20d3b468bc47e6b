import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExplainedLabel } from '../../contract/responses';
import type { BankEntry } from '../../core/media/hash-bank';
import { videoFramesDigest, type VideoBankEntry } from '../../core/media/video-bank';
import { hashBankEntryItem, hashBankItem, hashBankPurgeItem, hashBankVideoItem, type HashBankEntryItem, type HashBankItem, type HashBankPurgeItem, type HashBankVideoItem } from '../table/items';
import { bankAdditionIndexKey, indexNames, keys, partitions, sortPrefixes } from '../table/keys';
import { queryAll, queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';

/** A bank's changes read back from the bank index: image entries and videos added, referrals purged. */
export interface BankAdditions {
  images: StoredBankEntry[];
  videos: VideoBankEntry[];
  /** Referrals whose entries and videos a retention purge removed: a reader drops them from what it holds. */
  purgedReferrals: string[];
}

/** What a referral put into a bank, as its reports recorded it: the PDQ of its images, the frame digests of its videos. */
export interface ReferralMedia {
  pdqs: readonly string[];
  videoDigests: readonly string[];
}

export interface StoredBankEntry extends BankEntry {
  quality?: number;
}

/** DynamoDB's BatchWriteItem takes at most 25 items. */
const batchSize = 25;

/**
 * Hash banks in the table: the list of banks with their distances, each bank's entries (imported
 * lists, and the media of referrals), and the labels a match puts on a referral. The process stage
 * reads banks whole into memory (core/media/hash-bank.ts); nothing here searches by distance.
 */
export class HashBankStore {
  constructor(private readonly table: TableHandle) {}

  /**
   * Creates a bank for its unit or changes its distance. The same import writes the same item;
   * another unit's bank of that name is left as it is (false).
   */
  async saveBank(bank: string, maxDistance: number, ownerUnit: string, at: string): Promise<boolean> {
    const item: HashBankItem = { ...keys.hashBank(bank), entity: 'hash-bank', bank, maxDistance, ownerUnit, updatedAt: at };
    return whenConditionHolds(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(ownerUnit) OR ownerUnit = :unit',
          ExpressionAttributeValues: { ':unit': ownerUnit },
        }),
      ),
    );
  }

  async listBanks(): Promise<HashBankItem[]> {
    return (await queryPrefix(this.table, partitions.hashBanks, '')).map((item) => hashBankItem.parse(item));
  }

  /** Plain Puts keyed by the hash: writing a list again (an interrupted import re-run) writes the same items. */
  async putEntries(bank: string, entries: readonly StoredBankEntry[], at: string): Promise<void> {
    for (let start = 0; start < entries.length; start += batchSize) {
      let requests = entries.slice(start, start + batchSize).map((entry) => ({ PutRequest: { Item: this.#item(bank, entry, at) } }));
      // Unprocessed items (throttling) are retried with a growing pause.
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
        const answer = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: requests } }));
        requests = (answer.UnprocessedItems?.[this.table.name] ?? []) as typeof requests;
        if (attempt > 10 && requests.length > 0) throw new Error(`hash bank ${bank}: ${requests.length} entries still unprocessed`);
      }
    }
  }

  async listEntries(bank: string): Promise<StoredBankEntry[]> {
    return (await queryPrefix(this.table, partitions.hashBank(bank), sortPrefixes.hashBankImage)).map((raw) => imageEntryOf(hashBankEntryItem.parse(raw)));
  }

  /**
   * What was added to a bank at or after `since` (its `addedAt`), from the bank index. The index is
   * eventually consistent, so a caller reads from a margin before the time it last read.
   */
  async listAdditionsSince(bank: string, since: string): Promise<BankAdditions> {
    const { items } = await queryAll(this.table.client, {
      TableName: this.table.name,
      IndexName: indexNames.unitDaysAndBankAdditions,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk >= :since',
      ExpressionAttributeValues: { ':pk': partitions.hashBank(bank), ':since': since },
    });
    const additions: BankAdditions = { images: [], videos: [], purgedReferrals: [] };
    for (const raw of items) {
      if (raw.entity === 'hash-bank-entry') additions.images.push(imageEntryOf(hashBankEntryItem.parse(raw)));
      else if (raw.entity === 'hash-bank-video') additions.videos.push(videoEntryOf(hashBankVideoItem.parse(raw)));
      else if (raw.entity === 'hash-bank-purge') additions.purgedReferrals.push(hashBankPurgeItem.parse(raw).referralId);
    }
    return additions;
  }

  /**
   * Removes a referral's media from a bank (Regulation (EU) 2021/784 Art. 6(2): nothing of a purged
   * referral outlives its retention): deletes each entry and video its reports name, then puts the
   * purge mark that tells process instances and older snapshots to drop them. Deletes and the mark
   * are idempotent, and the mark goes last, so a purge cut short is finished by the next run.
   * Returns the entries and videos that were still there.
   */
  async forgetReferral(bank: string, referralId: string, media: ReferralMedia, at: string): Promise<number> {
    const entryKeys = [...new Set(media.pdqs)].map((pdq) => keys.hashBankEntry(bank, pdq, referralId));
    const videoKeys = [...new Set(media.videoDigests)].map((digest) => keys.hashBankVideo(bank, digest, referralId));
    let deleted = 0;
    for (const key of [...entryKeys, ...videoKeys]) {
      const answer = await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: key, ReturnValues: 'ALL_OLD' }));
      if (answer.Attributes) deleted += 1;
    }
    const key = keys.hashBankPurge(bank, referralId);
    const mark: HashBankPurgeItem = { ...key, ...bankAdditionIndexKey(bank, at, key.sk), entity: 'hash-bank-purge', bank, referralId, purgedAt: at };
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: mark }));
    return deleted;
  }

  /**
   * One video into a bank, keyed by its frames' digest (and referral): a redelivered report puts
   * the same item again. Returns the entry as the bank holds it.
   */
  async putVideo(bank: string, video: Omit<VideoBankEntry, 'entryId'>, at: string): Promise<VideoBankEntry> {
    const key = keys.hashBankVideo(bank, videoFramesDigest(video.frames), video.referralId);
    const item = hashBankVideoItem.parse({
      ...key,
      ...bankAdditionIndexKey(bank, at, key.sk),
      entity: 'hash-bank-video',
      bank,
      frames: video.frames,
      ...(video.label ? { label: video.label } : {}),
      ...(video.source ? { source: video.source } : {}),
      ...(video.referralId ? { referralId: video.referralId } : {}),
      addedAt: at,
    });
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item }));
    return { ...video, entryId: key.sk };
  }

  async listVideos(bank: string): Promise<VideoBankEntry[]> {
    return (await queryPrefix(this.table, partitions.hashBank(bank), sortPrefixes.hashBankVideo)).map((raw) => videoEntryOf(hashBankVideoItem.parse(raw)));
  }

  /**
   * Adds the match labels of one artifact (or video: `video:<frame digest>`) to its referral, once: the key joins
   * `mediaMatchKeys` in the same conditional update, so a redelivered report adds nothing.
   */
  async labelReferral(referralId: string, artifactSha256: string, labels: readonly ExplainedLabel[]): Promise<boolean> {
    if (labels.length === 0) return false;
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.referral(referralId),
          UpdateExpression: 'SET labels = list_append(if_not_exists(labels, :none), :labels) ADD mediaMatchKeys :key',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(mediaMatchKeys, :artifact)',
          ExpressionAttributeValues: { ':none': [], ':labels': labels, ':key': new Set([artifactSha256]), ':artifact': artifactSha256 },
        }),
      ),
    );
  }

  #item(bank: string, entry: StoredBankEntry, at: string) {
    const key = keys.hashBankEntry(bank, entry.pdq, entry.referralId);
    return hashBankEntryItem.parse({
      ...key,
      ...bankAdditionIndexKey(bank, at, key.sk),
      entity: 'hash-bank-entry',
      bank,
      pdq: entry.pdq,
      ...(entry.label ? { label: entry.label } : {}),
      ...(entry.source ? { source: entry.source } : {}),
      ...(entry.quality !== undefined ? { quality: entry.quality } : {}),
      ...(entry.referralId ? { referralId: entry.referralId } : {}),
      addedAt: at,
    });
  }
}

const imageEntryOf = (item: HashBankEntryItem): StoredBankEntry => ({
  entryId: item.sk,
  pdq: item.pdq,
  ...(item.label ? { label: item.label } : {}),
  ...(item.source ? { source: item.source } : {}),
  ...(item.referralId ? { referralId: item.referralId } : {}),
  ...(item.quality !== undefined ? { quality: item.quality } : {}),
});

const videoEntryOf = (item: HashBankVideoItem): VideoBankEntry => ({
  entryId: item.sk,
  frames: item.frames,
  ...(item.label ? { label: item.label } : {}),
  ...(item.source ? { source: item.source } : {}),
  ...(item.referralId ? { referralId: item.referralId } : {}),
});
