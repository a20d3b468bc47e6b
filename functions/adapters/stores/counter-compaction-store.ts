import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allReferralsValue, counterShardCount, referralCellDimensions, referralCounterPartition } from '../../core/trends/counter-cells';
import { isConditionFailure, whenConditionHolds, type TableHandle } from '../table/operations';
import { keys, partitions } from '../table/keys';
import { compactionMarkerItem, counterShardItem, referralCounterShardItem } from '../table/items';

export interface DimensionCompaction {
  /** Counter shard items closed (`compactedAt` set) in this run. */
  compacted: number;
  /** Counter shard items the Query returned: what the run cost. */
  itemsRead: number;
  /** Rollup items written (dimension, day, value). */
  rollups: number;
}

/** Rounds of BatchWriteItem for the items DynamoDB left unprocessed before the run gives up (and retries next time). */
const maxBatchRounds = 8;

/**
 * Closes the trend counters of days past the redelivery window (see core/trends/counter-compaction.ts):
 * marks each shard closed (`compactedAt`, after which it refuses every count) and writes the day's
 * rollups (`STATDAY#<dimension>`, one item per day and value), so a long trend reads one small item
 * per day and value instead of every shard of every shard partition.
 * A marker item per partition remembers how far it got, so each run reads only the days that
 * closed since the last one. The shards of a closed day no longer change (a repeat is refused),
 * so a run that crashed before moving the marker recomputes the same rollups.
 */
export class CounterCompactionStore {
  constructor(private readonly table: TableHandle) {}

  async compactedBefore(partition: string): Promise<string | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.counterCompactionMarker(partition), ConsistentRead: true }));
    return result.Item ? compactionMarkerItem.parse(result.Item).compactedBefore : undefined;
  }

  /** Compacts every counter shard of `partition` on a day before `cutoffDay` (yyyy-mm-dd). */
  async compactDimension(partition: string, cutoffDay: string, at: string): Promise<DimensionCompaction> {
    const from = await this.compactedBefore(partition);
    if (from !== undefined && from >= cutoffDay) return { compacted: 0, itemsRead: 0, rollups: 0 };
    const referralCells = partition === referralCounterPartition;
    const names: Record<string, string> = { '#day': 'day', '#count': 'count', ...(referralCells ? {} : { '#value': 'value' }) };
    if (referralCells) referralCellDimensions.forEach((dimension, i) => (names[`#d${i}`] = dimension));
    const sums = new Map<string, { dimension: string; day: string; value: string; count: number }>();
    const add = (dimension: string, day: string, value: string, count: number) => {
      const key = `${dimension}\u0000${day}\u0000${value}`;
      const sum = sums.get(key);
      if (sum) sum.count += count;
      else sums.set(key, { dimension, day, value, count });
    };
    let compacted = 0;
    let itemsRead = 0;
    // The shard is in the partition key (`STAT#<partition>#<shard>`): each shard partition is read in turn.
    for (let shard = 0; shard < counterShardCount; shard += 1) {
      let startKey: Record<string, unknown> | undefined;
      do {
        // sk is `<day>` or `<day>#<value>`, so `sk < cutoffDay` is exactly the days before it (and
        // the BETWEEN upper bound, no longer than any sk of that day, excludes the cutoff day itself).
        const page = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.name,
            KeyConditionExpression: from === undefined ? 'pk = :pk AND sk < :cutoff' : 'pk = :pk AND sk BETWEEN :from AND :cutoff',
            // The ids being counted are left out: the rollups need counts only.
            ProjectionExpression: ['pk', 'sk', ...Object.keys(names)].join(', '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':pk': partitions.counter(partition, shard), ':cutoff': cutoffDay, ...(from === undefined ? {} : { ':from': from }) },
            ExclusiveStartKey: startKey,
          }),
        );
        const items = page.Items ?? [];
        itemsRead += items.length;
        for (const item of items) {
          if (!referralCells) {
            const counter = counterShardItem.parse(item);
            add(partition, counter.day, counter.value, counter.count);
            continue;
          }
          const counter = referralCounterShardItem.parse(item);
          add('all', counter.day, allReferralsValue, counter.count);
          for (const dimension of referralCellDimensions) for (const [value, count] of Object.entries(counter[dimension] ?? {})) add(dimension, counter.day, value, count);
        }
        const results = await Promise.all(items.map((item) => this.close({ pk: String(item['pk']), sk: String(item['sk']) }, at)));
        compacted += results.filter(Boolean).length;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    await this.putRollups([...sums.values()], at);
    await this.advanceMarker(partition, cutoffDay, at);
    return { compacted, itemsRead, rollups: sums.size };
  }

  /**
   * Marks a shard closed: a count on it is refused from now on (counter-store.ts), so its rollup
   * stays its exact, final sum. False when already closed (a repeated run) or deleted meanwhile.
   * Its `counting` set stays: it holds at most the ids of counts a crash interrupted, whose claims
   * refuse their repeats.
   */
  private async close(key: { pk: string; sk: string }, at: string): Promise<boolean> {
    return whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'SET compactedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(compactedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  /** Plain Puts of exact, final sums: a repeat writes the same items. */
  private async putRollups(rollups: { dimension: string; day: string; value: string; count: number }[], at: string): Promise<void> {
    for (let i = 0; i < rollups.length; i += 25) {
      let requests: { PutRequest: { Item: Record<string, unknown> } }[] = rollups.slice(i, i + 25).map((rollup) => ({
        PutRequest: { Item: { ...keys.counterRollup(rollup.dimension, rollup.day, rollup.value), entity: 'counter-rollup', ...rollup, rolledUpAt: at } },
      }));
      for (let round = 0; requests.length > 0; round += 1) {
        if (round === maxBatchRounds) throw new Error(`counter rollups: ${requests.length} items still unprocessed after ${maxBatchRounds} rounds`);
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const result = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: requests } }));
        requests = (result.UnprocessedItems?.[this.table.name] ?? []) as typeof requests;
      }
    }
  }

  /** Only forward: a slower concurrent run with an earlier clock must not move it back. */
  private async advanceMarker(partition: string, cutoffDay: string, at: string): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.counterCompactionMarker(partition), entity: 'counter-compaction', dimension: partition, compactedBefore: cutoffDay, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(compactedBefore) OR compactedBefore < :cutoff',
          ExpressionAttributeValues: { ':cutoff': cutoffDay },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
