import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allReferralsValue, cellValuesByDimension, counterShardOf, referralCounterPartition, type CounterCell, type ReferralCellDimension } from '../../core/trends/counter-cells';
import type { CounterIncrement } from '../../core/rule-of-law/counters';
import { createLogger } from '../logger';
import { keys, type TableKey } from '../table/keys';
import { isConditionFailure, whenConditionHolds, type TableHandle } from '../table/operations';
import { countOnceClaimed, defaultCounterClaimLeaseSeconds, notCountingNow, type ClaimClock } from './counter-claims';

const logger = createLogger('counter-store');

/**
 * Trend counters, counted exactly once without a transaction (core/trends/counter-cells.ts): a
 * claim item per counted id records the count (counter-claims.ts), and the counter's shard item
 * holds only the ids being counted at the moment. Reads are in stats-store.ts, compaction in
 * counter-compaction-store.ts.
 */
export class CounterStore {
  private readonly clock: ClaimClock;

  constructor(
    private readonly table: TableHandle,
    clock: { now?: (() => number) | undefined; leaseMs?: number } = {},
  ) {
    this.clock = { now: clock.now ?? Date.now, leaseMs: clock.leaseMs ?? defaultCounterClaimLeaseSeconds * 1000 };
  }

  /**
   * Adds one to a trend counter exactly once per (counter, member), on the shard the member hashes
   * to (core/trends/counter-cells.ts). Returns false when already counted.
   */
  async countOnce(dimension: string, day: string, value: string, memberId: string): Promise<boolean> {
    const key = keys.counter(dimension, day, value, counterShardOf(memberId));
    const context = { dimension, day, value, memberId };
    return countOnceClaimed(this.table, this.clock, keys.counterClaim(memberId, dimension, day, value), context, {
      count: async () => {
        const counted = await whenConditionHolds(() =>
          this.table.client.send(
            new UpdateCommand({
              TableName: this.table.name,
              Key: key,
              UpdateExpression: 'SET entity = :entity, dimension = :dim, #day = :day, #value = :value ADD #count :one, counting :member',
              ConditionExpression: notCountingNow,
              ExpressionAttributeNames: { '#count': 'count', '#day': 'day', '#value': 'value' },
              ExpressionAttributeValues: { ':entity': 'counter', ':dim': dimension, ':day': day, ':value': value, ':one': 1, ':member': new Set([memberId]), ':memberId': memberId },
            }),
          ),
        );
        if (!counted) await this.logIfCompacted(key, context);
        return counted;
      },
      release: () => this.release(key, memberId),
    });
  }
  /**
   * Counts a new referral in every trend cell it belongs to (category, platform, language,
   * priority, groups; all referrals as the item's `count`) with one conditional write to its
   * day's shard item: exactly once for all cells together. Returns false when already counted.
   * The cells are maps (value -> count) that must exist before a value can be added to them,
   * so the first count of a day and shard creates the item with every map instead.
   */
  async countReferral(day: string, referralId: string, cells: readonly CounterCell[]): Promise<boolean> {
    const key = keys.referralCounter(day, counterShardOf(referralId));
    const values = cellValuesByDimension(cells);
    const context = { dimension: referralCounterPartition, day, memberId: referralId };
    return countOnceClaimed(this.table, this.clock, keys.counterClaim(referralId, referralCounterPartition, day, allReferralsValue), { ...context, value: allReferralsValue }, {
      count: async () => {
        if (await this.addToReferralCounter(key, referralId, values)) return true;
        if (await this.createReferralCounter(key, day, referralId, values)) return true;
        // Created meanwhile by another referral of the same day and shard, or being counted already.
        if (await this.addToReferralCounter(key, referralId, values)) return true;
        await this.logIfCompacted(key, context);
        return false;
      },
      release: () => this.release(key, referralId),
    });
  }
  private async addToReferralCounter(key: TableKey, referralId: string, values: Map<ReferralCellDimension, Set<string>>): Promise<boolean> {
    const names: Record<string, string> = { '#count': 'count' };
    const sets: string[] = [];
    [...values].forEach(([dimension, dimensionValues], d) => {
      // DynamoDB refuses a name the expression does not use: a dimension without cells is left out.
      if (dimensionValues.size === 0) return;
      names[`#d${d}`] = dimension;
      [...dimensionValues].forEach((value, v) => {
        names[`#d${d}v${v}`] = value;
        sets.push(`#d${d}.#d${d}v${v} = if_not_exists(#d${d}.#d${d}v${v}, :zero) + :one`);
      });
    });
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          // Nested paths take SET (ADD works on top-level attributes only).
          UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}ADD #count :one, counting :member`,
          ConditionExpression: `attribute_exists(#count) AND ${notCountingNow}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':one': 1, ':member': new Set([referralId]), ':memberId': referralId, ...(sets.length > 0 ? { ':zero': 0 } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  private async createReferralCounter(key: TableKey, day: string, referralId: string, values: Map<ReferralCellDimension, Set<string>>): Promise<boolean> {
    const names: Record<string, string> = { '#count': 'count', '#day': 'day' };
    const maps: Record<string, unknown> = {};
    [...values].forEach(([dimension, dimensionValues], d) => {
      names[`#d${d}`] = dimension;
      maps[`:d${d}`] = Object.fromEntries([...dimensionValues].map((value) => [value, 1]));
    });
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: `SET entity = :entity, dimension = :dim, #day = :day, #count = :one, counting = :member, ${Object.keys(maps).map((placeholder) => `#${placeholder.slice(1)} = ${placeholder}`).join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#count)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':entity': 'counter', ':dim': referralCounterPartition, ':day': day, ':one': 1, ':member': new Set([referralId]), ...maps },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  /** Step 4 of counter-claims.ts: the id leaves the counter's `counting` set (only when it is there). */
  private async release(key: TableKey, memberId: string): Promise<void> {
    await whenConditionHolds(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'DELETE counting :member',
          ConditionExpression: 'contains(counting, :memberId)',
          ExpressionAttributeValues: { ':member': new Set([memberId]), ':memberId': memberId },
        }),
      ),
    );
  }

  /**
   * A counter the scheduler compacted (`compactedAt`, see core/trends/counter-compaction.ts) is
   * never counted again: its day reads as its rollup, and past the window only a repeat can reach
   * it, which its claim already refuses. The refusal is logged, since a first count this late (a
   * claim never counted, a crash that nothing repeated for the whole window) would mean the window
   * was too short.
   */
  private async logIfCompacted(key: TableKey, context: Record<string, string>): Promise<void> {
    const counter = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: key, ProjectionExpression: 'compactedAt', ConsistentRead: true }));
    if (counter.Item?.['compactedAt'] !== undefined) {
      logger.warn('count refused: counter already compacted', { ...context, compactedAt: counter.Item['compactedAt'] });
    }
  }

  /** Counts each increment once (rule-of-law counters: orders, complaints, notices, actions). */
  async countAll(increments: readonly CounterIncrement[]): Promise<void> {
    for (const increment of increments) await this.countOnce(increment.dimension, increment.day, increment.value, increment.member);
  }
}
