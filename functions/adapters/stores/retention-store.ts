import { DeleteCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { contentHashesOf } from '../../core/content-hashes';
import { utcDay } from '../../core/referral-id';
import type { EvidenceStore } from '../evidence-store';
import { keys, partitions, sortPrefixes, type TableKey } from '../table/keys';
import { reportItem, retentionCheckItem, type ReferralItem, type ReportItem } from '../table/items';
import { complaintItem, removalOrderItem } from '../table/legal-items';
import { referralMediaBank } from '../../core/media/hash-bank';
import { videoFramesDigest } from '../../core/media/video-bank';
import type { HashBankStore, ReferralMedia } from './hash-bank-store';
import { isConditionFailure, queryAll, queryPrefix, type TableHandle } from '../table/operations';

export interface PurgeResult {
  /** Table items deleted (the referral item itself not counted). */
  itemsDeleted: number;
  /** Evidence artifacts deleted: those no other referral cites. */
  evidenceDeleted: number;
  /** The referral's image hashes and videos deleted from the `referrals` hash bank. */
  mediaHashesDeleted: number;
}

/** What a referral's reports put into the `referrals` bank: the server's PDQ of each checked image, each video's frame digest. */
const bankedMediaOf = (reports: readonly ReportItem[]): ReferralMedia => ({
  pdqs: reports.flatMap((report) => (report.evidenceChecks ?? []).flatMap((check) => (check.pdq ? [check.pdq.hash] : []))),
  videoDigests: reports.flatMap((report) => (report.capture?.videos ?? []).map((video) => videoFramesDigest(video.frames))),
});

/**
 * Retention (Regulation (EU) 2021/784 Art. 6(2)): the schedule of referrals whose retention is to
 * be checked (`RETAIN#DUE`), the purge of a referral past it, and, on the local stack where
 * dynalite has no TTL, the items past their `expiresAt`.
 */
export class RetentionStore {
  constructor(
    private readonly table: TableHandle,
    /** Where captured artifacts live; the purge deletes those no other referral cites (none: artifacts stay). */
    private readonly evidence: EvidenceStore | undefined,
    /** The hash banks, whose `referrals` bank holds the hashes of every referral's media. */
    private readonly hashBanks: Pick<HashBankStore, 'forgetReferral'>,
  ) {}

  async schedule(referralId: string, at: string): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.retentionCheck(utcDay(at), referralId), entity: 'retention-due', referralId, at } }));
  }

  /** Retention checks due on or before `day`: one query on the schedule partition. */
  async due(day: string): Promise<{ day: string; referralId: string }[]> {
    const { items } = await queryAll(this.table.client, {
      TableName: this.table.name,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': partitions.retentionDue, ':until': `${day}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const check = retentionCheckItem.parse(item);
      return { day: check.sk.slice(0, 10), referralId: check.referralId };
    });
  }

  async drop(day: string, referralId: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.retentionCheck(day, referralId) }));
  }

  /**
   * Deletes everything kept about a referral: its evidence artifacts that no other referral
   * cites, its claims on content hashes (so a later copy is not called a mirror of nothing),
   * its media's hashes in the `referrals` bank (with the mark that makes process instances and
   * older snapshots drop them), its partition (referral, reports, audit, deliveries, orders,
   * complaints), its submissions, indicator links and trend counter claims (its own, its reports', its order's and complaints'); leaves a purge record without content. Each delete is idempotent, and
   * what the purge needs to find (the reports) goes after what it finds through them, so a
   * purge cut short is finished by the next run.
   */
  async purgeReferral(referral: ReferralItem, at: string): Promise<PurgeResult> {
    const items = await queryPrefix(this.table, partitions.referral(referral.referralId), sortPrefixes.all);
    let deleted = 0;
    const remove = async (key: TableKey) => {
      await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: key }));
      deleted += 1;
    };
    const reports = items.filter((item) => item['entity'] === 'report').map((item) => reportItem.parse(item));
    for (const hash of new Map(reports.flatMap(contentHashesOf).map((h) => [`${h.kind}#${h.sha256}`, h])).values()) {
      await this.releaseContentHash(hash.kind, hash.sha256, referral.referralId);
    }
    // Found through the reports, so before they go; the bank's mark is written after the deletes.
    const mediaHashesDeleted = await this.hashBanks.forgetReferral(referralMediaBank, referral.referralId, bankedMediaOf(reports), at);
    let evidenceDeleted = 0;
    const artifacts = new Set(reports.flatMap((report) => report.capture?.artifacts ?? []).map((artifact) => artifact.sha256));
    for (const sha256 of artifacts) {
      await remove(keys.evidenceCitation(sha256, referral.referralId));
      if (this.evidence && !(await this.isCited(sha256))) {
        await this.evidence.delete(sha256);
        evidenceDeleted += 1;
      }
    }
    for (const indicator of referral.indicators) await remove(keys.indicatorLink(indicator.type, indicator.value, referral.referralId));
    // A submission counted whose report item a crash kept from being written is still in `countingReports`.
    const submissionIds = new Set([...reports.map((report) => report.submissionId), ...(referral.countingReports ?? [])]);
    // The records that the referral and its reports were counted in the trends (ids and days only);
    // their days are long closed, so a count can no longer reach them (counter-compaction.ts).
    // Its removal order and complaints were counted under their own ids (core/rule-of-law/counters.ts);
    // they go with the referral, so nothing can change, and so count, them again.
    const legalIds = items.flatMap((item) => {
      if (item['sk'] === keys.order(referral.referralId).sk) return [removalOrderItem.pick({ orderId: true }).parse(item).orderId];
      if (String(item['sk']).startsWith(sortPrefixes.complaint)) return [complaintItem.pick({ complaintId: true }).parse(item).complaintId];
      return [];
    });
    for (const memberId of [referral.referralId, ...submissionIds, ...legalIds]) {
      for (const claim of await queryPrefix(this.table, partitions.counted(memberId), sortPrefixes.all)) await remove({ pk: String(claim['pk']), sk: String(claim['sk']) });
    }
    for (const submissionId of submissionIds) await remove(keys.submission(submissionId));
    // The referral item goes last: while it exists, the next run finds the purge unfinished.
    for (const item of items) if (item['sk'] !== keys.referral(referral.referralId).sk) await remove({ pk: String(item['pk']), sk: String(item['sk']) });
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.purgeLog(at, referral.referralId), entity: 'retention-purge', referralId: referral.referralId, closedAt: referral.closedAt, purgedAt: at, itemsDeleted: deleted + 1, evidenceDeleted, mediaHashesDeleted },
      }),
    );
    await remove(keys.referral(referral.referralId));
    return { itemsDeleted: deleted, evidenceDeleted, mediaHashesDeleted };
  }

  /** Whether any referral still cites the artifact. */
  private async isCited(sha256: string): Promise<boolean> {
    const pk = partitions.evidence(sha256);
    const result = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, Limit: 1, ConsistentRead: true }),
    );
    return (result.Items ?? []).length > 0;
  }

  /** Deletes a content-hash claim only if this referral owns it (a mirror's claim is another referral's). */
  private async releaseContentHash(kind: string, sha256: string, referralId: string): Promise<void> {
    try {
      await this.table.client.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: keys.contentHash(kind, sha256),
          ConditionExpression: 'referralId = :referralId',
          ExpressionAttributeValues: { ':referralId': referralId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Items whose `expiresAt` (epoch seconds) has passed, page by page: in the cloud DynamoDB TTL
   * deletes them; dynalite has none, so the local scheduler finds them with this scan. Each
   * names the referral whose partition holds it, if any, so the caller can keep held ones.
   */
  async *expiredItems(now: Date): AsyncGenerator<{ key: TableKey; referralId?: string }> {
    const epoch = Math.floor(now.getTime() / 1000);
    const referralPrefix = partitions.referral('');
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new ScanCommand({
          TableName: this.table.name,
          FilterExpression: 'expiresAt < :now',
          ExpressionAttributeValues: { ':now': epoch },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const key = { pk: String(item['pk']), sk: String(item['sk']) };
        yield key.pk.startsWith(referralPrefix) ? { key, referralId: key.pk.slice(referralPrefix.length) } : { key };
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async deleteItem(key: TableKey): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: key }));
  }
}
