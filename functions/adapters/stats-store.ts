import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { allReferralsValue, cellValueOf, isReferralCountDimension, referralCounterPartition } from '../core/trends/counter-cells';
import { queryAll } from './query-all';

const counterItem = z.object({ day: z.string(), value: z.string(), count: z.number().int() });
const referralCounterItem = z.looseObject({ day: z.string(), count: z.number().int() });

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
 * - `STAT#referrals`, sk `<yyyy-mm-dd>#<shard>`, for the cells of new referrals (category,
 *   platform, group, language, priority; `all` is the item's `count`).
 * The members sets only make each count exact; DynamoDB sizes pages before projecting, so what
 * keeps the read proportional to days x values is the scheduler dropping the sets of days past
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
      // A referral counter item holds one attribute per cell, whose names are not known in
      // advance (languages, groups): it is read whole.
      ...(referralCells ? {} : { ProjectionExpression: '#day, #value, #count', ExpressionAttributeNames: { '#day': 'day', '#value': 'value', '#count': 'count' } }),
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
      const shard = referralCounterItem.parse(item);
      if (dimension === 'all') {
        add(shard.day, allReferralsValue, shard.count);
        continue;
      }
      for (const [attribute, count] of Object.entries(shard)) {
        const value = cellValueOf(dimension, attribute);
        if (value !== undefined) add(shard.day, value, z.number().int().parse(count));
      }
    }
    const rows = [...sums.values()].sort((a, b) => a.day.localeCompare(b.day) || a.value.localeCompare(b.value));
    return { rows, itemsRead: items.length, pages };
  }
}
