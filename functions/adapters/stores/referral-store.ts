import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Category, LegalRoute } from '../../contract/report';
import type { ExplainedLabel, IndicatorRef, Priority } from '../../contract/responses';
import { keys, partitions, queueIndexKey, sortPrefixes, unitIndexKey } from '../table/keys';
import { utcDay } from '../../core/referral-id';
import { contentHashItem, postedInItem, referralItem, reportItem, type PostedInItem, type ReferralItem, type ReportItem } from '../table/items';
import { isConditionFailure, queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';
import { countReport, settleCounting } from './report-counting';

export { SETTLED_MEMORY_MS } from './report-counting';

/** What the process stage knows about a referral when a report arrives. */
export interface ReferralDraft {
  referralId: string;
  contentKey: string;
  canonicalUrl: string;
  url: string;
  title?: string;
  platform: string;
  category: Category;
  legalRoute: LegalRoute;
  priority: Priority;
  deadlineAt: string;
  language: string;
  groups: string[];
  labels: ExplainedLabel[];
  indicators: IndicatorRef[];
  reportedAt: string;
}

/** A report as the process stage files it: everything but its keys. */
export type ReportInput = Omit<ReportItem, 'pk' | 'sk' | 'entity' | 'gsi2pk' | 'gsi2sk'>;

/**
 * Referrals and their reports, content-hash claims and evidence citations. Every write is a
 * single-item conditional write that is safe to repeat: SQS redelivers, and Lambda may die
 * between any two of them (dynalite has no transactions, so none are used).
 */

export class ReferralStore {
  constructor(
    private readonly table: TableHandle,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Files one officer's report: creates the referral on its first report, counts every report
   * exactly once, and writes the report item (which is the referral's membership record: one
   * item per submission, `REF#<referralId>` / `REPORT#<submissionId>`) once, whole.
   *
   * Without transactions the count and the membership item are two writes, and a crash can fall
   * between them, so the order is what keeps the count exact (functions/storage-design.md,
   * "Counting a referral's reports"):
   * 1. the report item exists: this submission was counted before (step 2 always precedes it); nothing to count;
   * 2. the referral adds one to `reportCount` and puts the submission id in `countingReports`,
   *    under `NOT contains(countingReports, :sid)`: a redelivery after a crash before step 3
   *    finds the id there and does not count again;
   * 3. the report item is put (create only);
   * 4. the id moves from `countingReports` to `settledReports`, where it is kept for at least
   *    SETTLED_MEMORY_MS: a second delivery of the same message running at once may have read
   *    step 1 before step 3 and count after step 4, and step 2 refuses it while the id is there.
   *    The settled ids rotate out in two generations (`settledReports`, then `settledBefore`), so
   *    the referral holds only the reports of the last five to ten minutes, where the old
   *    `submissionIds` set grew with every report of the content until the 400 KB item limit.
   * A crash after 3 is repaired by step 1 (which repeats 4); counting the membership item's
   * creation instead (put first, count if new) would lose the count of a crash between the two.
   * Returns whether this call counted the report and whether the referral is new.
   */
  async fileReport(draft: ReferralDraft, report: ReportInput): Promise<{ counted: boolean; created: boolean; referral?: ReferralItem }> {
    const reportKey = keys.report(draft.referralId, report.submissionId);
    const filed = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: reportKey, ProjectionExpression: 'sk', ConsistentRead: true }));
    if (filed.Item) {
      await settleCounting(this.table, this.now(), draft.referralId, report.submissionId);
      return { counted: false, created: false };
    }
    const attached = await countReport(this.table, draft, report);
    await this.putReport(report);
    // Also when not counted: a redelivery after a crash before step 3 finds its id still there.
    await settleCounting(this.table, this.now(), draft.referralId, report.submissionId);
    return attached;
  }

  async get(referralId: string): Promise<ReferralItem | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: keys.referral(referralId), ConsistentRead: true }),
    );
    return result.Item ? referralItem.parse(result.Item) : undefined;
  }
  /** Step 3 of fileReport: the report item, whole (evidence checks included), under `attribute_not_exists`. */
  private async putReport(report: ReportInput): Promise<void> {
    const item: ReportItem = {
      ...keys.report(report.referralId, report.submissionId),
      entity: 'report',
      ...report,
      ...unitIndexKey(report.unit, utcDay(report.acceptedAt), report.acceptedAt, report.submissionId),
    };
    await whenConditionHolds(() => this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
  }
  /** A referral's reports, one per submission: every page of the partition's `REPORT#` range. */
  async listReports(referralId: string): Promise<ReportItem[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.report);
    return items.map((item) => reportItem.parse(item));
  }
  /**
   * Claims a content hash for the first referral that carries it; returns the referral
   * that owns it (itself when first). A later referral with the same hash is a mirror.
   */
  async claimContentHash(kind: string, sha256: string, referralId: string): Promise<string> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.contentHash(kind, sha256), entity: 'content-hash', referralId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return referralId;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const owner = await this.table.client.send(
        new GetCommand({ TableName: this.table.name, Key: keys.contentHash(kind, sha256), ConsistentRead: true }),
      );
      return owner.Item ? contentHashItem.parse(owner.Item).referralId : referralId;
    }
  }
  /** Records that a referral's report cites an evidence artifact (plain Put: a repeat writes the same item). */
  async citeEvidence(sha256: string, referralId: string, kind: string): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.evidenceCitation(sha256, referralId), entity: 'evidence-citation', sha256, referralId, kind } }));
  }
  async setMirrorOf(referralId: string, originalReferralId: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.referral(referralId),
        UpdateExpression: 'SET mirrorOf = if_not_exists(mirrorOf, :original)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':original': originalReferralId },
      }),
    );
  }
  /**
   * Raises a referral's priority when a later report is more urgent (P1 < P2 as strings), and moves it
   * up its liaison queue, whose sort key starts with the priority. Without `deadlineAt` the deadline
   * stays as it is (a sanctions match found after the report).
   */
  async raisePriority(referralId: string, newPriority: Priority, deadlineAt?: string): Promise<boolean> {
    const stored = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.referral(referralId), ProjectionExpression: 'firstReportedAt, priority', ConsistentRead: true }));
    const firstReportedAt: unknown = stored.Item?.['firstReportedAt'];
    if (typeof firstReportedAt !== 'string' || !(String(stored.Item?.['priority']) > newPriority)) return false;
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.referral(referralId),
          UpdateExpression: `SET priority = :p, gsi1sk = :sk${deadlineAt === undefined ? '' : ', deadlineAt = :d'}`,
          ConditionExpression: 'attribute_exists(pk) AND priority > :p',
          ExpressionAttributeValues: { ':p': newPriority, ':sk': queueIndexKey('', '', newPriority, firstReportedAt, referralId).gsi1sk, ...(deadlineAt === undefined ? {} : { ':d': deadlineAt }) },
        }),
      ),
    );
  }

  /**
   * Records where the referral was routed (escalation, urgent delivery, financial), added to where
   * earlier reports routed it: a later report that makes it P1 still pages and delivers. A repeat adds nothing.
   */
  async markRouted(referralId: string, targets: readonly string[], routedAt: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.referral(referralId),
        UpdateExpression: 'SET routedAt = if_not_exists(routedAt, :at) ADD routedTo :targets',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': routedAt, ':targets': new Set(targets) },
      }),
    );
  }

  /** The referral's deadline, moved by a removal order (one hour from receipt, Art. 3(3)). */
  async setDeadline(referralId: string, deadlineAt: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.referral(referralId),
        UpdateExpression: 'SET deadlineAt = :due',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':due': deadlineAt },
      }),
    );
  }

  /** Officer ids of the referral's reporters: a reviewer may not approve what they reported. */
  async reporterIds(referralId: string): Promise<string[]> {
    return (await this.listReports(referralId)).map((report) => report.officerId);
  }

  /**
   * Links a post to content it links to. The referral's `posted-in` label is written only by
   * the report that creates it, so content referred before the post is linked here, by every report.
   */
  async linkPostedIn(link: PostedInItem): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.postedIn(link.parentReferralId, link.childReferralId), entity: 'posted-in', ...link },
          // The first link's time stays: a later capture of the post is not when they were linked.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** What a post links to: the referrals of its out-links. */
  async listPostedIn(parentReferralId: string): Promise<PostedInItem[]> {
    const items = await queryPrefix(this.table, partitions.referral(parentReferralId), sortPrefixes.postedIn);
    return items.map((item) => postedInItem.parse(item));
  }
}
