import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { queryAll } from './query-all';

const counterRow = z.object({ sk: z.string(), count: z.number().int() });

export interface CounterRow {
  day: string;
  value: string;
  count: number;
}

export interface CounterRange {
  rows: CounterRow[];
  /** Items DynamoDB returned and pages it took: what the query cost, for the benchmark. */
  itemsRead: number;
  pages: number;
}

/**
 * Reads trend counters (`STAT#<dimension>`, sk `<yyyy-mm-dd>#<value>`) over a day range
 * with one Query on the partition. The members set is not projected (it only makes each count
 * exact), but DynamoDB sizes pages before projecting: what keeps the read proportional to
 * days x values is the scheduler dropping the sets of days past the redelivery window
 * (core/trends/counter-compaction.ts), so only the last weeks' items carry one.
 */
export class StatsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async counters(dimension: string, fromDay: string, toDay: string): Promise<CounterRange> {
    const { items, pages } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':pk': `STAT#${dimension}`, ':from': fromDay, ':to': `${toDay}#\uffff` },
      ProjectionExpression: 'sk, #count',
    });
    const rows: CounterRow[] = items.map((item) => {
      const row = counterRow.parse(item);
      const separator = row.sk.indexOf('#');
      return { day: row.sk.slice(0, separator), value: row.sk.slice(separator + 1), count: row.count };
    });
    return { rows, itemsRead: items.length, pages };
  }
}
