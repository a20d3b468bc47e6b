import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unitPartition } from '../table/keys';
import { reportItem, type ReportItem } from '../table/items';
import type { TableHandle } from '../table/operations';

/** A unit's own reports through gsi2 (`UNIT#<unit>`, newest first), paged by DynamoDB's key. */
export class UnitReportStore {
  constructor(private readonly table: TableHandle) {}

  async page(unit: string, limit: number, start?: Record<string, unknown>): Promise<{ items: ReportItem[]; last?: Record<string, unknown> }> {
    const page = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :unit',
        ExpressionAttributeValues: { ':unit': unitPartition(unit) },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return { items: (page.Items ?? []).map((item) => reportItem.parse(item)), ...(page.LastEvaluatedKey ? { last: page.LastEvaluatedKey } : {}) };
  }
}
