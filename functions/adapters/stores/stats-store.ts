import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { allReferralsValue, counterShardCount, isReferralCountDimension, referralCounterPartition } from '../../core/trends/counter-cells';
import { queryAll, type TableHandle } from '../table/operations';
import { keys, partitions } from '../table/keys';
import { compactionMarkerItem, counterRow, referralCellsRow } from '../table/items';

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
 * Reads trend counters over a day range, one row per (day, value). Closed days (before the
 * partition's compaction marker) come from the rollups `STATDAY#<dimension>` (sk
 * `<yyyy-mm-dd>#<value>`, one small item each); open days from the shards
 * (core/trends/counter-cells.ts), summed:
 * - `STAT#<dimension>#<shard>`, sk `<yyyy-mm-dd>#<value>`, for most dimensions;
 * - `STAT#referrals#<shard>`, sk `<yyyy-mm-dd>`, for the cells of new referrals: a map per
 *   dimension (category, platform, group, language, priority); `all` is the item's `count`.
 * A range of open days is one Query per shard partition. What keeps a long read proportional to
 * days x values is the scheduler rolling up the days past the redelivery window
 * (core/trends/counter-compaction.ts): only the last weeks are read as shards.
 */
export class StatsStore {
  constructor(private readonly table: TableHandle) {}

  async counters(dimension: string, fromDay: string, toDay: string): Promise<CounterRange> {
    const referralCells = isReferralCountDimension(dimension);
    const partition = referralCells ? referralCounterPartition : dimension;
    const sums = new Map<string, CounterRow>();
    const add = (day: string, value: string, count: number) => {
      const key = `${day}\u0000${value}`;
      const row = sums.get(key);
      if (row) row.count += count;
      else sums.set(key, { day, value, count });
    };
    let itemsRead = 0;
    let pages = 0;

    // Days before the partition's compaction marker are closed: one rollup per day and value.
    const marker = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.counterCompactionMarker(partition) }));
    const closedBefore = marker.Item ? compactionMarkerItem.parse(marker.Item).compactedBefore : undefined;
    if (closedBefore !== undefined && fromDay < closedBefore) {
      // `closedBefore` itself sorts before every sk of its day, so BETWEEN stops at the day before it.
      const rollups = await queryAll(this.table.client, {
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': partitions.counterRollup(dimension), ':from': fromDay, ':to': toDay < closedBefore ? `${toDay}#\uffff` : closedBefore },
        ProjectionExpression: '#day, #value, #count',
        ExpressionAttributeNames: { '#day': 'day', '#value': 'value', '#count': 'count' },
      });
      for (const item of rollups.items) {
        const row = counterRow.parse(item);
        add(row.day, row.value, row.count);
      }
      itemsRead += rollups.items.length;
      pages += rollups.pages;
    }

    // Open days (and every day of a partition never compacted): the shards, summed.
    const shardsFrom = closedBefore !== undefined && closedBefore > fromDay ? closedBefore : fromDay;
    if (shardsFrom <= toDay) {
      // The shard is in the partition key: one Query per shard partition, summed below.
      const byShard = await Promise.all(
        Array.from({ length: counterShardCount }, (_, shard) =>
          queryAll(this.table.client, {
            TableName: this.table.name,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': partitions.counter(partition, shard), ':from': shardsFrom, ':to': `${toDay}#\uffff` },
            ...(!referralCells
              ? { ProjectionExpression: '#day, #value, #count', ExpressionAttributeNames: { '#day': 'day', '#value': 'value', '#count': 'count' } }
              : dimension === 'all'
                ? { ProjectionExpression: '#day, #count', ExpressionAttributeNames: { '#day': 'day', '#count': 'count' } }
                : { ProjectionExpression: '#day, #count, #cells', ExpressionAttributeNames: { '#day': 'day', '#count': 'count', '#cells': dimension } }),
          }),
        ),
      );
      const shards = { items: byShard.flatMap((answer) => answer.items), pages: byShard.reduce((sum, answer) => sum + answer.pages, 0) };
      for (const item of shards.items) {
        if (!referralCells) {
          const row = counterRow.parse(item);
          add(row.day, row.value, row.count);
          continue;
        }
        const { [dimension]: cells, ...rest } = item;
        const shard = referralCellsRow.parse({ ...rest, cells });
        if (dimension === 'all') add(shard.day, allReferralsValue, shard.count);
        else for (const [value, count] of Object.entries(shard.cells ?? {})) add(shard.day, value, count);
      }
      itemsRead += shards.items.length;
      pages += shards.pages;
    }
    const rows = [...sums.values()].sort((a, b) => a.day.localeCompare(b.day) || a.value.localeCompare(b.value));
    return { rows, itemsRead, pages };
  }
}
