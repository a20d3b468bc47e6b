import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dueAtOf, type LegalClock } from '../../core/rule-of-law/clocks';
import { keys, partitions } from '../table/keys';
import { clockItem, type ClockItem } from '../table/items';
import { isConditionFailure, queryAll, type TableHandle } from '../table/operations';
import type { LegalAuditStore } from './legal-audit-store';

/** Open legal clocks (`CLOCK#OPEN`, ordered by due time): order and complaint deadlines the scheduler watches. */
export class ClockStore {
  constructor(
    private readonly table: TableHandle,
    private readonly audit: LegalAuditStore,
  ) {}

  /** Open clocks are listed in the clock index; stopped ones leave it. */
  async sync(referralId: string, subjectId: string, clocks: readonly LegalClock[]): Promise<void> {
    for (const clock of clocks) {
      const dueAt = dueAtOf(clock);
      const key = keys.clock(dueAt, referralId, clock.kind, subjectId);
      if (clock.stoppedAt !== undefined) {
        await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: key }));
        continue;
      }
      // UpdateItem, not Put: a repeat keeps the scheduler's flag.
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'SET entity = :entity, referralId = :rid, kind = :kind, subjectId = :sid, startedAt = :start, dueAt = :due',
          ExpressionAttributeValues: { ':entity': 'legal-clock', ':rid': referralId, ':kind': clock.kind, ':sid': subjectId, ':start': clock.startedAt, ':due': dueAt },
        }),
      );
    }
  }

  /** Open clocks due before `until` (ISO), oldest first. */
  async dueBefore(until: string): Promise<ClockItem[]> {
    const { items } = await queryAll(this.table.client, {
      TableName: this.table.name,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': partitions.openClocks, ':until': `${until}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((item) => clockItem.parse(item));
  }

  /** Flags a clock near or past its deadline, once per flag; true when this call set it. */
  async flag(clock: ClockItem, flag: 'near' | 'overdue', at: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { pk: clock.pk, sk: clock.sk },
          UpdateExpression: 'SET flag = :flag, flaggedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(flag) OR flag <> :flag)',
          ExpressionAttributeValues: { ':flag': flag, ':at': at },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.audit.put({
      referralId: clock.referralId,
      subject: 'clock',
      subjectId: `${clock.kind}:${clock.subjectId}`,
      version: flag === 'near' ? 1 : 2,
      action: flag === 'near' ? 'deadline_near' : 'deadline_missed',
      at,
      actor: { kind: 'system', id: 'scheduler' },
      details: { dueAt: clock.dueAt },
    });
    return true;
  }
}
