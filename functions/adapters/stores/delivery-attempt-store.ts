import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryAttemptView } from '../../contract/lifecycle';
import { keys, partitions, sortPrefixes } from '../table/keys';
import { deliveryAttemptItem } from '../table/items';
import type { TableHandle } from '../table/operations';

/** Webhook delivery attempts of a referral (`REF#<id>` / `DELIVERY#<deliveryId>#<attempt>`). */
export class DeliveryAttemptStore {
  constructor(private readonly table: TableHandle) {}

  /** One delivery attempt; the same attempt written again (a redelivery after a crash) overwrites it with its own result. */
  async record(attempt: DeliveryAttemptView & { referralId: string; platform: string }): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.deliveryAttempt(attempt.referralId, attempt.deliveryId, attempt.attempt), entity: 'delivery-attempt', ...attempt },
      }),
    );
  }

  async list(referralId: string): Promise<DeliveryAttemptView[]> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
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
}
