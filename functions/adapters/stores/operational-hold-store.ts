import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OperationalHold } from '../../core/holds/operational-hold';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { holdEventItem, operationalHoldItem, type HoldEventItem, type OperationalHoldItem } from '../table/hold-items';
import { queryAll, type TableHandle } from '../table/operations';
import type { AuditChainStore } from './audit-chain-store';

export type HoldEvent = Omit<HoldEventItem, 'pk' | 'sk' | 'entity'>;

const toHold = (item: OperationalHoldItem): OperationalHold => {
  const { pk: _pk, sk: _sk, entity: _entity, ...hold } = item;
  return hold;
};

/**
 * Operational holds, in the held target's partition (a lookup reads every unit's hold on a post
 * and on its channel with one query each) and copied to the holding unit's partition for its
 * list. The local table has no transactions, so each step is a single write, event first: a
 * crash leaves a recorded step that may not have taken effect, never an unrecorded one.
 */
export class OperationalHoldStore {
  constructor(
    private readonly table: TableHandle,
    /** Every step of a hold is linked into the held target's audit hash chain, so a change to the record shows. */
    private readonly chain: AuditChainStore,
  ) {}

  /** Every unit's hold on any of these targets, expired ones included (the core decides). */
  async onTargets(targetKeys: readonly string[]): Promise<OperationalHold[]> {
    const pages = await Promise.all(
      [...new Set(targetKeys)].map((targetKey) =>
        queryAll(this.table.client, {
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hold)',
          ExpressionAttributeValues: { ':pk': partitions.heldTarget(targetKey), ':hold': sortPrefixes.operationalHold },
          // A hold placed a moment ago must already stop a send.
          ConsistentRead: true,
        }),
      ),
    );
    return pages.flatMap((page) => page.items.map((item) => toHold(operationalHoldItem.parse(item))));
  }

  async ofUnit(unit: string): Promise<OperationalHold[]> {
    const page = await queryAll(this.table.client, {
      TableName: this.table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hold)',
      ExpressionAttributeValues: { ':pk': partitions.unit(unit), ':hold': sortPrefixes.unitHold },
      ConsistentRead: true,
    });
    return page.items.map((item) => toHold(operationalHoldItem.parse(item)));
  }

  /** Writes the event (a fresh id each step) and links it into the held target's audit hash chain. */
  async record(event: HoldEvent): Promise<void> {
    const item = holdEventItem.parse({ ...keys.holdEvent(event.targetKey, event.at, event.eventId), entity: 'hold-event', ...event });
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    // What is hashed is what the chain check reads back: the item without its key and entity tag.
    const { pk, sk, entity: _entity, ...stored } = item;
    await this.chain.append({ pk, sk }, stored, { fresh: true });
  }

  async events(targetKey: string): Promise<HoldEvent[]> {
    const page = await queryAll(this.table.client, {
      TableName: this.table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': partitions.heldTarget(targetKey), ':audit': sortPrefixes.audit },
      ConsistentRead: true,
    });
    return page.items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _entity, ...event } = holdEventItem.parse(item);
      return event;
    });
  }

  /** Places or renews: the same plain puts again write the same items. */
  async save(hold: OperationalHold, event: HoldEvent): Promise<void> {
    await this.record(event);
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.operationalHold(hold.target.key, hold.unit), entity: 'operational-hold', ...hold } }));
    await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...keys.unitHold(hold.unit, hold.target.key), entity: 'unit-hold', ...hold } }));
  }

  async release(targetKey: string, unit: string, event: HoldEvent): Promise<void> {
    await this.record(event);
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.operationalHold(targetKey, unit) }));
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.unitHold(unit, targetKey) }));
  }
}
