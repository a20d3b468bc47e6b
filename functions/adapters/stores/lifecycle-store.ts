import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../contract/lifecycle';
import type { QueuePosition } from '../../core/lifecycle/queue-cursor';
import { workQueueOf } from '../../core/platforms/work-queue';
import type { LifecycleChange, LifecyclePort, LifecycleRecord } from '../../core/lifecycle/referral-lifecycle';
import { indexNames, keys, partitions, queuePartition, sortPrefixes } from '../table/keys';
import { auditItem, type ReferralItem } from '../table/items';
import { queueEntryItem, type QueueEntryItem } from '../table/index-entries';
import { isConditionFailure, queryPrefix, whenConditionHolds, type TableHandle } from '../table/operations';
import type { AuditChainStore } from './audit-chain-store';
import type { CounterStore } from './counter-store';
import type { ReferralStore } from './referral-store';

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
  ...(item.assignee === undefined ? {} : { assignee: item.assignee }),
  ...(item.assigneeUnit === undefined ? {} : { assigneeUnit: item.assigneeUnit }),
  ...(item.deliveryId === undefined ? {} : { deliveryId: item.deliveryId }),
  ...(item.lastEvent === undefined ? {} : { lastEvent: item.lastEvent }),
});

/**
 * The referral lifecycle: conditional transitions of the referral item, its audit events and
 * the liaison queues they move it between. Single-item conditional writes only (dynalite has no
 * transactions); see functions/storage-design.md.
 */
export class LifecycleStore implements LifecyclePort {
  constructor(
    private readonly table: TableHandle,
    private readonly referrals: ReferralStore,
    private readonly counters: CounterStore,
    /** Every audit event is linked into the referral's hash chain. */
    private readonly chain: AuditChainStore,
    /** The rule-of-law consequences of a change (rule-of-law-follow-up.ts), run after it and on its retries. */
    private readonly followUp?: (record: LifecycleRecord) => Promise<void>,
  ) {}

  async get(referralId: string): Promise<LifecycleRecord | undefined> {
    const item = await this.referrals.get(referralId);
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
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
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
    const key = keys.audit(event.referralId, event.version);
    // False when the first attempt already wrote it: the event of a version never changes.
    const fresh = await whenConditionHolds(() =>
      this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, entity: 'audit', ...event }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    // Also on a retry: the first attempt may have stopped between the event and its link.
    await this.chain.append(key, event, { fresh });
  }

  countOnce(dimension: string, day: string, value: string, memberId: string): Promise<boolean> {
    return this.counters.countOnce(dimension, day, value, memberId);
  }

  async afterChange(record: LifecycleRecord): Promise<void> {
    await this.followUp?.(record);
  }

  async listAudit(referralId: string): Promise<AuditEvent[]> {
    const items = await queryPrefix(this.table, partitions.referral(referralId), sortPrefixes.audit);
    return items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, ...event } = auditItem.parse(item);
      return event;
    });
  }

  /**
   * One page of a platform's queue for one status, P1 first then oldest first (gsi1q): the queue's
   * columns only, as the index projects them; a reader that needs the whole referral gets it by key.
   */
  async queuePage(platform: string, status: string, limit: number, start?: QueuePosition): Promise<{ items: QueueEntryItem[]; last?: QueuePosition }> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: indexNames.queues,
        KeyConditionExpression: 'gsi1pk = :queue',
        ExpressionAttributeValues: { ':queue': queuePartition(workQueueOf(platform), status) },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: { ...start } } : {}),
      }),
    );
    const last = page.LastEvaluatedKey as QueuePosition | undefined;
    return { items: (page.Items ?? []).map((item) => queueEntryItem.parse(item)), ...(last ? { last } : {}) };
  }
}
