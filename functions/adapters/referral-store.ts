import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { keys, partitions, queueIndexKey, sortPrefixes, unitIndexKey } from './table/keys';
import {
  indicatorLinkItem,
  postedInItem,
  type PostedInItem,
  contentHashItem,
  referralItem,
  reportItem,
  submissionItem,
  type EvidenceCheck,
  type ReferralItem,
  type ReportItem,
  type SubmissionItem,
} from './table/items';
import type { ExplainedLabel, Priority } from '../contract/responses';
import type { Category, LegalRoute } from '../contract/report';
import { cellValuesByDimension, counterShardOf, referralCounterPartition, type CounterCell, type ReferralCellDimension } from '../core/trends/counter-cells';
import type { LegalEvent } from '../core/rule-of-law/legal-event';
import { workQueueOf } from '../core/platforms/work-queue';
import { createLogger } from './logger';
import { isConditionFailure, queryPrefix } from './table/operations';

const logger = createLogger('referral-store');

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
  indicators: { type: string; value: string }[];
  reportedAt: string;
}

/**
 * DynamoDB access for referrals, reports and submissions. Every write is a single-item
 * conditional write that is safe to repeat: SQS redelivers, and Lambda may die between
 * any two of them (dynalite has no transactions, so none are used).
 */
export class ReferralStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records that the API accepted a submission. A retry of a submission that is
   * already processed keeps its processed state; returns the stored item.
   */
  async recordAccepted(input: { submissionId: string; unit: string; officerId: string; acceptedAt: string }): Promise<SubmissionItem> {
    const key = keys.submission(input.submissionId);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, entity: 'submission', status: 'accepted', ...input },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return submissionItem.parse({ ...key, entity: 'submission', status: 'accepted', ...input });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getSubmission(input.submissionId);
      if (!existing) throw error;
      return existing;
    }
  }

  async getSubmission(submissionId: string): Promise<SubmissionItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.submission(submissionId), ConsistentRead: true }),
    );
    return result.Item ? submissionItem.parse(result.Item) : undefined;
  }

  async markProcessed(input: { submissionId: string; referralId: string; processedAt: string; duplicateOfExisting: boolean; unit: string; officerId: string; acceptedAt: string }): Promise<void> {
    // A plain SET: repeating it writes the same values. The submission item may be
    // missing if the API's write was lost, so the identifying fields are set too.
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.submission(input.submissionId),
        UpdateExpression:
          'SET entity = :entity, submissionId = :sid, #status = :processed, referralId = :rid, processedAt = if_not_exists(processedAt, :at), duplicateOfExisting = if_not_exists(duplicateOfExisting, :dup), #unit = :unit, officerId = :officer, acceptedAt = if_not_exists(acceptedAt, :acceptedAt)',
        ExpressionAttributeNames: { '#status': 'status', '#unit': 'unit' },
        ExpressionAttributeValues: {
          ':entity': 'submission',
          ':sid': input.submissionId,
          ':processed': 'processed',
          ':rid': input.referralId,
          ':at': input.processedAt,
          ':dup': input.duplicateOfExisting,
          ':unit': input.unit,
          ':officer': input.officerId,
          ':acceptedAt': input.acceptedAt,
        },
      }),
    );
  }

  async markRejected(input: { submissionId: string; code: string; message: string; processedAt: string }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.submission(input.submissionId),
        UpdateExpression: 'SET #status = :rejected, rejection = :rejection, processedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':rejected': 'rejected',
          ':rejection': { code: input.code, message: input.message },
          ':at': input.processedAt,
        },
      }),
    );
  }

  /** Stores one officer's report under its referral; a repeat is a no-op. Returns false when it already existed. */
  /**
   * Who filed a report and how (a bulk import, by file and line), in the referral's
   * rule-of-law audit: written once per submission, so a redelivery finds it there.
   */
  async recordFiling(event: LegalEvent & { subject: 'report' }): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.legalAudit(event), entity: 'legal-audit', ...event }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async putReport(report: Omit<ReportItem, 'pk' | 'sk' | 'entity' | 'gsi2pk' | 'gsi2sk'>): Promise<boolean> {
    const item: ReportItem = {
      ...keys.report(report.referralId, report.submissionId),
      entity: 'report',
      ...report,
      ...unitIndexKey(report.unit, report.acceptedAt, report.submissionId),
    };
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Creates the referral on its first report and counts every later report exactly
   * once: the submission id joins a set in the same conditional write that adds one
   * to reportCount, so a redelivered message cannot count twice.
   * Returns whether this call counted the report and whether the referral is new.
   */
  async attachReport(draft: ReferralDraft, report: { submissionId: string; unit: string }): Promise<{ counted: boolean; created: boolean; referral?: ReferralItem }> {
    const queueKey = queueIndexKey(workQueueOf(draft.platform), 'new', draft.priority, draft.reportedAt, draft.referralId);
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(draft.referralId),
          UpdateExpression: [
            'SET entity = :entity, referralId = :rid, contentKey = if_not_exists(contentKey, :contentKey)',
            'canonicalUrl = if_not_exists(canonicalUrl, :canonicalUrl), #url = if_not_exists(#url, :url)',
            'platform = if_not_exists(platform, :platform), category = if_not_exists(category, :category)',
            'legalRoute = if_not_exists(legalRoute, :legalRoute), #status = if_not_exists(#status, :new)',
            'priority = if_not_exists(priority, :priority), deadlineAt = if_not_exists(deadlineAt, :deadlineAt)',
            '#language = if_not_exists(#language, :language), groups = if_not_exists(groups, :groups)',
            'labels = if_not_exists(labels, :labels), indicators = if_not_exists(indicators, :indicators)',
            'firstReportedAt = if_not_exists(firstReportedAt, :at), lastReportedAt = :at',
            'gsi1pk = if_not_exists(gsi1pk, :gsi1pk), gsi1sk = if_not_exists(gsi1sk, :gsi1sk)',
            ...(draft.title === undefined ? [] : ['title = if_not_exists(title, :title)']),
          ].join(', ') + ' ADD reportCount :one, submissionIds :sids, units :units',
          ConditionExpression: 'attribute_not_exists(pk) OR NOT contains(submissionIds, :sid)',
          ExpressionAttributeNames: { '#status': 'status', '#url': 'url', '#language': 'language' },
          ExpressionAttributeValues: {
            ':entity': 'referral',
            ':rid': draft.referralId,
            ':contentKey': draft.contentKey,
            ':canonicalUrl': draft.canonicalUrl,
            ':url': draft.url,
            ':platform': draft.platform,
            ':category': draft.category,
            ':legalRoute': draft.legalRoute,
            ':new': 'new',
            ':priority': draft.priority,
            ':deadlineAt': draft.deadlineAt,
            ':language': draft.language,
            ':groups': draft.groups,
            ':labels': draft.labels,
            ':indicators': draft.indicators,
            ':at': draft.reportedAt,
            ':gsi1pk': queueKey.gsi1pk,
            ':gsi1sk': queueKey.gsi1sk,
            ':one': 1,
            ':sids': new Set([report.submissionId]),
            ':sid': report.submissionId,
            ':units': new Set([report.unit]),
            ...(draft.title === undefined ? {} : { ':title': draft.title }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      // The write just added this submission: a count of one means it created the referral.
      // ALL_NEW also spares the caller a read of the referral it needs next.
      const referral = referralItem.parse(result.Attributes);
      return { counted: true, created: referral.reportCount === 1, referral };
    } catch (error) {
      if (isConditionFailure(error)) return { counted: false, created: false };
      throw error;
    }
  }

  async getReferral(referralId: string): Promise<ReferralItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.referral(referralId), ConsistentRead: true }),
    );
    return result.Item ? referralItem.parse(result.Item) : undefined;
  }

  async listReports(referralId: string): Promise<ReportItem[]> {
    const items = await queryPrefix({ client: this.client, name: this.tableName }, partitions.referral(referralId), sortPrefixes.report);
    return items.map((item) => reportItem.parse(item));
  }

  async recordEvidenceChecks(referralId: string, submissionId: string, checks: EvidenceCheck[]): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.report(referralId, submissionId),
        UpdateExpression: 'SET evidenceChecks = :checks',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':checks': checks },
      }),
    );
  }

  /** Links a referral to an indicator so analysts can ask which referrals share a wallet. */
  async linkIndicator(input: { type: string; value: string; referralId: string; platform: string; linkedAt: string }): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.indicatorLink(input.type, input.value, input.referralId), entity: 'indicator-link', ...input },
      }),
    );
  }

  /**
   * Links a post to content it links to. The referral's `posted-in` label is written only by
   * the report that creates it, so content referred before the post is linked here, by every report.
   */
  async linkPostedIn(link: PostedInItem): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
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
    const items = await queryPrefix({ client: this.client, name: this.tableName }, partitions.referral(parentReferralId), sortPrefixes.postedIn);
    return items.map((item) => postedInItem.parse(item));
  }

  async listIndicatorReferrals(type: string, value: string, limit = 100): Promise<{ referralId: string; platform: string; linkedAt: string }[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.indicator(type, value) },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => {
      const { referralId, platform, linkedAt } = indicatorLinkItem.parse(item);
      return { referralId, platform, linkedAt };
    });
  }

  /**
   * Claims a content hash for the first referral that carries it; returns the referral
   * that owns it (itself when first). A later referral with the same hash is a mirror.
   */
  async claimContentHash(kind: string, sha256: string, referralId: string): Promise<string> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.contentHash(kind, sha256), entity: 'content-hash', referralId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return referralId;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const owner = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keys.contentHash(kind, sha256), ConsistentRead: true }),
      );
      return owner.Item ? contentHashItem.parse(owner.Item).referralId : referralId;
    }
  }

  /** Records that a referral's report cites an evidence artifact (plain Put: a repeat writes the same item). */
  async citeEvidence(sha256: string, referralId: string, kind: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.evidenceCitation(sha256, referralId), entity: 'evidence-citation', sha256, referralId, kind } }));
  }

  async setMirrorOf(referralId: string, originalReferralId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referral(referralId),
        UpdateExpression: 'SET mirrorOf = if_not_exists(mirrorOf, :original)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':original': originalReferralId },
      }),
    );
  }

  /** Raises a referral's priority when a later report is more urgent (P1 < P2 as strings). */
  async raisePriority(referralId: string, newPriority: Priority, deadlineAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(referralId),
          UpdateExpression: 'SET priority = :p, deadlineAt = :d',
          ConditionExpression: 'attribute_exists(pk) AND priority > :p',
          ExpressionAttributeValues: { ':p': newPriority, ':d': deadlineAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Adds one to a trend counter exactly once per (counter, member): the member id joins the
   * set of its shard item (core/trends/counter-cells.ts) in the same conditional write.
   * Returns false when already counted.
   */
  async countOnce(dimension: string, day: string, value: string, memberId: string): Promise<boolean> {
    const key = keys.counter(dimension, day, value, counterShardOf(memberId));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET entity = :entity, dimension = :dim, #day = :day, #value = :value ADD #count :one, members :member',
          ConditionExpression: 'attribute_not_exists(#count) OR (attribute_exists(members) AND NOT contains(members, :memberId))',
          ExpressionAttributeNames: { '#count': 'count', '#day': 'day', '#value': 'value' },
          ExpressionAttributeValues: {
            ':entity': 'counter',
            ':dim': dimension,
            ':day': day,
            ':value': value,
            ':one': 1,
            ':member': new Set([memberId]),
            ':memberId': memberId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await this.logIfCompacted(key, { dimension, day, value, memberId });
      return false;
    }
  }

  /**
   * Counts a new referral in every trend cell it belongs to (category, platform, language,
   * priority, groups; all referrals as the item's `count`) with one conditional write to its
   * day's shard item: exactly once for all cells together. Returns false when already counted.
   * The cells are maps (value -> count) that must exist before a value can be added to them,
   * so the first count of a day and shard creates the item with every map instead.
   */
  async countReferral(day: string, referralId: string, cells: readonly CounterCell[]): Promise<boolean> {
    const key = keys.referralCounter(day, counterShardOf(referralId));
    const values = cellValuesByDimension(cells);
    if (await this.addToReferralCounter(key, referralId, values)) return true;
    if (await this.createReferralCounter(key, day, referralId, values)) return true;
    // Created meanwhile by another referral of the same day and shard, or counted already.
    if (await this.addToReferralCounter(key, referralId, values)) return true;
    await this.logIfCompacted(key, { dimension: referralCounterPartition, day, memberId: referralId });
    return false;
  }

  private async addToReferralCounter(key: { pk: string; sk: string }, referralId: string, values: Map<ReferralCellDimension, Set<string>>): Promise<boolean> {
    const names: Record<string, string> = { '#count': 'count' };
    const sets: string[] = [];
    [...values].forEach(([dimension, dimensionValues], d) => {
      // DynamoDB refuses a name the expression does not use: a dimension without cells is left out.
      if (dimensionValues.size === 0) return;
      names[`#d${d}`] = dimension;
      [...dimensionValues].forEach((value, v) => {
        names[`#d${d}v${v}`] = value;
        sets.push(`#d${d}.#d${d}v${v} = if_not_exists(#d${d}.#d${d}v${v}, :zero) + :one`);
      });
    });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          // Nested paths take SET (ADD works on top-level attributes only).
          UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}ADD #count :one, members :member`,
          ConditionExpression: 'attribute_exists(members) AND NOT contains(members, :memberId)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':one': 1, ':member': new Set([referralId]), ':memberId': referralId, ...(sets.length > 0 ? { ':zero': 0 } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async createReferralCounter(key: { pk: string; sk: string }, day: string, referralId: string, values: Map<ReferralCellDimension, Set<string>>): Promise<boolean> {
    const names: Record<string, string> = { '#count': 'count', '#day': 'day' };
    const maps: Record<string, unknown> = {};
    [...values].forEach(([dimension, dimensionValues], d) => {
      names[`#d${d}`] = dimension;
      maps[`:d${d}`] = Object.fromEntries([...dimensionValues].map((value) => [value, 1]));
    });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET entity = :entity, dimension = :dim, #day = :day, #count = :one, members = :member, ${Object.keys(maps).map((placeholder) => `#${placeholder.slice(1)} = ${placeholder}`).join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#count)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':entity': 'counter', ':dim': referralCounterPartition, ':day': day, ':one': 1, ':member': new Set([referralId]), ...maps },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * A counter the scheduler compacted (no `members`, see core/trends/counter-compaction.ts) is
   * never counted again: past the window only a repeat can reach it, and a set that is gone cannot
   * tell a repeat from a first count, so refusing keeps the count exact in the case that happens.
   * The refusal is logged, since a first count this late would mean the window was too short.
   */
  private async logIfCompacted(key: { pk: string; sk: string }, context: Record<string, string>): Promise<void> {
    const counter = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ProjectionExpression: 'compactedAt', ConsistentRead: true }));
    if (counter.Item?.['compactedAt'] !== undefined) {
      logger.warn('count refused: counter already compacted', { ...context, compactedAt: counter.Item['compactedAt'] });
    }
  }

  /** Marks routing done; returns false when an earlier attempt already routed the referral. */
  async markRouted(referralId: string, routedAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(referralId),
          UpdateExpression: 'SET routedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(routedAt)',
          ExpressionAttributeValues: { ':at': routedAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
