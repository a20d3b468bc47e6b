import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, DeliveryAttemptView } from '../contract/lifecycle';
import type { LifecycleChange, LifecyclePort, LifecycleRecord } from '../core/lifecycle/referral-lifecycle';
import type { QueuePosition } from '../core/lifecycle/queue-cursor';
import type { ReferralStore } from './referral-store';
import { RuleOfLawStore } from './rule-of-law-store';
import { keys, partitions, queuePartition, sortPrefixes } from './table/keys';
import { workQueueOf } from '../core/platforms/work-queue';
import { auditItem, deliveryAttemptItem, referralItem, type ReferralItem } from './table/items';
import { isConditionFailure, queryPrefix } from './table/operations';

const toRecord = (item: ReferralItem): LifecycleRecord => ({
  referralId: item.referralId,
  platform: item.platform,
  status: item.status,
  version: item.version,
  firstReportedAt: item.firstReportedAt,
  ...(item.outcome === undefined ? {} : { outcome: item.outcome }),
  ...(item.deadlineAt === undefined ? {} : { deadlineAt: item.deadlineAt }),
  ...(item.sentAt === undefined ? {} : { sentAt: item.sentAt }),
  ...(item.closedAt === undefined ? {} : { closedAt: item.closedAt }),
  ...(item.claimedBy === undefined ? {} : { claimedBy: item.claimedBy }),
  ...(item.claimExpiresAt === undefined ? {} : { claimExpiresAt: item.claimExpiresAt }),
  ...(item.deliveryId === undefined ? {} : { deliveryId: item.deliveryId }),
  ...(item.lastEvent === undefined ? {} : { lastEvent: item.lastEvent }),
});

/**
 * DynamoDB access for the referral lifecycle: queue pages, conditional transitions,
 * audit events, delivery attempts and callback replay guards. Single-item conditional
 * writes only (dynalite has no transactions); see functions/storage-design.md.
 */
export class LifecycleStore implements LifecyclePort {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly referrals: ReferralStore,
  ) {}

  async getReferral(referralId: string): Promise<ReferralItem | undefined> {
    return this.referrals.getReferral(referralId);
  }

  async get(referralId: string): Promise<LifecycleRecord | undefined> {
    const item = await this.referrals.getReferral(referralId);
    return item ? toRecord(item) : undefined;
  }

  async apply(change: LifecycleChange): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status', '#version': 'version', '#lastEvent': 'lastEvent' };
    const values: Record<string, unknown> = { ':from': change.expected.status, ':expected': change.expected.version, ':next': change.event.version, ':event': change.event };
    const sets = ['#version = :next', '#lastEvent = :event'];
    const setFields = { ...change.set, ...(change.set.status ? { gsi1pk: queuePartition(workQueueOf(change.platform), change.set.status) } : {}) };
    Object.entries(setFields).forEach(([field, value], index) => {
      if (value === undefined) return;
      names[`#s${index}`] = field;
      values[`:s${index}`] = value;
      sets.push(`#s${index} = :s${index}`);
    });
    const removes = change.remove.map((field, index) => {
      names[`#r${index}`] = field;
      return `#r${index}`;
    });
    // Referrals written before versions existed are at version 0 without the attribute.
    const versionCondition = change.expected.version === 0 ? '(attribute_not_exists(#version) OR #version = :expected)' : '#version = :expected';
    const conditions = ['attribute_exists(pk)', '#status = :from', versionCondition];
    if (change.claimGuard) {
      names['#claimedBy'] = 'claimedBy';
      names['#claimExpiresAt'] = 'claimExpiresAt';
      values[':me'] = change.claimGuard.officerId;
      values[':now'] = change.claimGuard.nowIso;
      conditions.push('(attribute_not_exists(#claimedBy) OR #claimedBy = :me OR #claimExpiresAt < :now)');
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.referral(change.referralId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async putAudit(event: AuditEvent): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.audit(event.referralId, event.version), entity: 'audit', ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Already written by the first attempt: the event of a version never changes.
      if (!isConditionFailure(error)) throw error;
    }
  }

  countOnce(dimension: string, day: string, value: string, memberId: string): Promise<boolean> {
    return this.referrals.countOnce(dimension, day, value, memberId);
  }

  /** Legal hold on removal, removal-order clocks, trusted flagger counters (rule-of-law-store.ts). */
  afterChange(record: LifecycleRecord): Promise<void> {
    return new RuleOfLawStore(this.client, this.tableName, this.referrals).onLifecycleChange(record);
  }

  async listAudit(referralId: string): Promise<AuditEvent[]> {
    const items = await queryPrefix({ client: this.client, name: this.tableName }, partitions.referral(referralId), sortPrefixes.audit);
    return items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, ...event } = auditItem.parse(item);
      return event;
    });
  }

  /** One page of a platform's queue for one status, P1 first then oldest first (gsi1). */
  async queuePage(platform: string, status: string, limit: number, start?: QueuePosition): Promise<{ items: ReferralItem[]; last?: QueuePosition }> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :queue',
        ExpressionAttributeValues: { ':queue': queuePartition(workQueueOf(platform), status) },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: { ...start } } : {}),
      }),
    );
    const last = page.LastEvaluatedKey as QueuePosition | undefined;
    return { items: (page.Items ?? []).map((item) => referralItem.parse(item)), ...(last ? { last } : {}) };
  }

  /** One delivery attempt; the same attempt written again (a redelivery after a crash) overwrites it with its own result. */
  async recordDeliveryAttempt(attempt: DeliveryAttemptView & { referralId: string; platform: string }): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.deliveryAttempt(attempt.referralId, attempt.deliveryId, attempt.attempt), entity: 'delivery-attempt', ...attempt },
      }),
    );
  }

  async listDeliveryAttempts(referralId: string): Promise<DeliveryAttemptView[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partitions.referral(referralId), ':prefix': sortPrefixes.delivery },
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, referralId: _id, platform: _platform, ...view } = deliveryAttemptItem.parse(item);
      return view;
    });
  }

  /**
   * Remembers a callback signature; false when it was seen before (a replay). Kept with an
   * expiry past the timestamp tolerance, after which the timestamp check refuses it anyway.
   */
  async rememberCallbackSignature(platform: string, signature: string, receivedAt: string, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.callbackSignature(platform, signature), entity: 'callback-signature', receivedAt, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getCallbackSignature(platform: string, signature: string): Promise<boolean> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.callbackSignature(platform, signature), ConsistentRead: true }));
    return result.Item !== undefined;
  }
}
