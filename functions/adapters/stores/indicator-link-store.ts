import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, partitions } from '../table/keys';
import { indicatorLinkItem, type IndicatorLinkItem } from '../table/items';
import type { TableHandle } from '../table/operations';

/** Indicator links (`IND#<type>#<value>` / `REF#<referralId>`): which referrals share a wallet or IBAN. */
export class IndicatorLinkStore {
  constructor(private readonly table: TableHandle) {}

  /** A plain Put of the same item: a repeat writes it again. */
  async link(input: { type: string; value: string; referralId: string; platform: string; linkedAt: string }): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.indicatorLink(input.type, input.value, input.referralId), entity: 'indicator-link', ...input },
      }),
    );
  }

  async referralsOf(type: string, value: string, limit = 100): Promise<IndicatorLinkItem[]> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
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
}
