import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isConditionFailure } from './dynamo-conditions';

/** Per dimension: every counter day before `compactedBefore` has lost its members set. */
const markerItem = z.object({ compactedBefore: z.string() });

export const compactionMarkerKey = (dimension: string) => ({ pk: 'STATCOMPACT', sk: dimension });

export interface DimensionCompaction {
  /** Counter items that lost their members set in this run. */
  compacted: number;
  /** Counter items the Query returned (after the filter): what the run cost. */
  itemsRead: number;
}

/**
 * Drops the `members` set of closed trend counters (see core/trends/counter-compaction.ts).
 * A marker item per dimension remembers how far it got, so each run reads only the days that
 * closed since the last one; every write is conditional and safe to repeat after a crash.
 */
export class CounterCompactionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async compactedBefore(dimension: string): Promise<string | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: compactionMarkerKey(dimension), ConsistentRead: true }));
    return result.Item ? markerItem.parse(result.Item).compactedBefore : undefined;
  }

  /** Compacts every counter of `dimension` on a day before `cutoffDay` (yyyy-mm-dd). */
  async compactDimension(dimension: string, cutoffDay: string, at: string): Promise<DimensionCompaction> {
    const from = await this.compactedBefore(dimension);
    if (from !== undefined && from >= cutoffDay) return { compacted: 0, itemsRead: 0 };
    let compacted = 0;
    let itemsRead = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      // sk is `<day>#<value>`, so `sk < cutoffDay` is exactly the days before it (and the BETWEEN
      // upper bound, being shorter than any sk of that day, excludes the cutoff day itself).
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: from === undefined ? 'pk = :pk AND sk < :cutoff' : 'pk = :pk AND sk BETWEEN :from AND :cutoff',
          FilterExpression: 'attribute_exists(members)',
          ProjectionExpression: 'pk, sk',
          ExpressionAttributeValues: { ':pk': `STAT#${dimension}`, ':cutoff': cutoffDay, ...(from === undefined ? {} : { ':from': from }) },
          ExclusiveStartKey: startKey,
        }),
      );
      const items = page.Items ?? [];
      itemsRead += items.length;
      const results = await Promise.all(items.map((item) => this.dropMembers({ pk: String(item['pk']), sk: String(item['sk']) }, at)));
      compacted += results.filter(Boolean).length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    await this.advanceMarker(dimension, cutoffDay, at);
    return { compacted, itemsRead };
  }

  /** False when the set was already gone (a repeated run) or the item was deleted meanwhile. */
  private async dropMembers(key: { pk: string; sk: string }, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          // compactedAt lets countOnce tell a refused late count from an ordinary repeat.
          UpdateExpression: 'REMOVE members SET compactedAt = :at',
          ConditionExpression: 'attribute_exists(members)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Only forward: a slower concurrent run with an earlier clock must not move it back. */
  private async advanceMarker(dimension: string, cutoffDay: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...compactionMarkerKey(dimension), entity: 'counter-compaction', dimension, compactedBefore: cutoffDay, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(compactedBefore) OR compactedBefore < :cutoff',
          ExpressionAttributeValues: { ':cutoff': cutoffDay },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
