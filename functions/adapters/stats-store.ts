import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { allReferralsValue, isReferralCountDimension, referralCounterPartition } from '../core/trends/counter-cells';
import { queryAll } from './query-all';

const counterItem = z.object({ day: z.string(), value: z.string(), count: z.number().int() });
const referralCounterItem = z.object({ day: z.string(), count: z.number().int(), cells: z.record(z.string(), z.number().int()).optional() });

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
 * Reads trend counters over a day range with one Query on the counter's partition and sums
 * its shards (core/trends/counter-cells.ts) into one row per (day, value):
 * - `STAT#<dimension>`, sk `<yyyy-mm-dd>#<value>#<shard>`, for most dimensions;
 * - `STAT#referrals`, sk `<yyyy-mm-dd>#<shard>`, for the cells of new referrals: a map per
 *   dimension (category, platform, group, language, priority); `all` is the item's `count`.
 * The members sets only make each count exact; DynamoDB sizes pages before projecting, so what
 * keeps the read proportional to days x shards is the scheduler dropping the sets of days past
 * the redelivery window (core/trends/counter-compaction.ts): only the last weeks' items carry one.
 */
export class StatsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async counters(dimension: string, fromDay: string, toDay: string): Promise<CounterRange> {
    const referralCells = isReferralCountDimension(dimension);
    const { items, pages } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `STAT#${referralCells ? referralCounterPartition : dimension}`, ':from': fromDay, ':to': `${toDay}#\uffff` },
      ...(!referralCells
        ? { ProjectionExpression: '#day, #value, #count', ExpressionAttributeNames: { '#day': 'day', '#value': 'value', '#count': 'count' } }
        : dimension === 'all'
          ? { ProjectionExpression: '#day, #count', ExpressionAttributeNames: { '#day': 'day', '#count': 'count' } }
          : { ProjectionExpression: '#day, #count, #cells', ExpressionAttributeNames: { '#day': 'day', '#count': 'count', '#cells': dimension } }),
    });
    const sums = new Map<string, CounterRow>();
    const add = (day: string, value: string, count: number) => {
      const key = `${day}\u0000${value}`;
      const row = sums.get(key);
      if (row) row.count += count;
      else sums.set(key, { day, value, count });
    };
    for (const item of items) {
      if (!referralCells) {
        const row = counterItem.parse(item);
        add(row.day, row.value, row.count);
        continue;
      }
      const { [dimension]: cells, ...rest } = item;
      const shard = referralCounterItem.parse({ ...rest, cells });
      if (dimension === 'all') add(shard.day, allReferralsValue, shard.count);
      else for (const [value, count] of Object.entries(shard.cells ?? {})) add(shard.day, value, count);
    }
    const rows = [...sums.values()].sort((a, b) => a.day.localeCompare(b.day) || a.value.localeCompare(b.value));
    return { rows, itemsRead: items.length, pages };
  }
}
