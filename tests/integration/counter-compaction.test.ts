import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, partitions } from '../../functions/adapters/table/keys';
import { counterShardCount, counterShardOf, referralCounterPartition, type CounterCell } from '../../functions/core/trends/counter-cells';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let analyst: string;

beforeAll(async () => {
  local = await startLocalStack();
  // Only this test's clock may run the scheduler.
  local.stack.stopScheduler();
  analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru', sub: 'analyst.sam' });
});
afterAll(async () => {
  await local?.stop();
});

const dayMs = 86_400_000;
const now = new Date();
const dayAgo = (days: number) => new Date(now.getTime() - days * dayMs).toISOString().slice(0, 10);
const oldDay = dayAgo(100);
const recentDay = dayAgo(5);

/** One counter's shard items (one per shard partition), summed as a reader sees them. */
const shardsAt = async (partition: string, sk: string) => {
  const answers = await Promise.all(
    Array.from({ length: counterShardCount }, (_, shard) =>
      local.documentClient.send(new GetCommand({ TableName: local.stack.config.TABLE_NAME, Key: { pk: partitions.counter(partition, shard), sk }, ConsistentRead: true })),
    ),
  );
  const items = answers.flatMap((answer) => (answer.Item ? [answer.Item] : []));
  return {
    shards: items.length,
    count: items.reduce((sum, item) => sum + Number(item['count']), 0),
    // Ids being counted right now: none once every count finished.
    counting: items.flatMap((item) => [...((item['counting'] as Set<string> | undefined) ?? [])]),
    compactedAt: new Set(items.map((item) => item['compactedAt'])),
  };
};
const referralCounter = (day: string) => shardsAt(referralCounterPartition, keys.referralCounter(day, 0).sk);
const counter = (dimension: string, day: string, value: string) => shardsAt(dimension, keys.counter(dimension, day, value, 0).sk);
const telegram: CounterCell[] = [{ dimension: 'platform', value: 'telegram' }];
/** Shard items the given members occupy in one counter. */
const shardsOf = (...members: string[]) => new Set(members.map(counterShardOf)).size;

const rollup = async (dimension: string, day: string, value: string) =>
  (await local.documentClient.send(new GetCommand({ TableName: local.stack.config.TABLE_NAME, Key: { pk: `STATDAY#${dimension}`, sk: `${day}#${value}` }, ConsistentRead: true }))).Item;

/** Totals as an analyst reads them, through the API over the whole range. */
const totals = async (by: string) => {
  const response = await fetch(`${local.apiUrl}/v1/stats/counts?by=${by}&from=${oldDay}`, { headers: { authorization: `Bearer ${analyst}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { totals: Record<string, number> }).totals;
};
const platformTotals = () => totals('platform');

describe('trend counter compaction', () => {
  it('closes the counters of days past the redelivery window, keeps counts exact and never counts twice', async () => {
    const store = local.stores.counters;
    expect(await store.countReferral(oldDay, 'ref_a', telegram)).toBe(true);
    expect(await store.countReferral(oldDay, 'ref_b', telegram)).toBe(true);
    expect(await store.countReferral(oldDay, 'ref_a', telegram)).toBe(false);
    expect(await store.countOnce('outcome', oldDay, 'removed', 'ref_a')).toBe(true);
    // Indicators may be counted late on the referral's first day, so their days stay open.
    expect(await store.countOnce('indicator', oldDay, 'btc:bc1qexample', 'ref_a')).toBe(true);
    expect(await store.countReferral(recentDay, 'ref_c', telegram)).toBe(true);
    const before = await platformTotals();
    expect(before).toEqual({ telegram: 3 });

    const first = await local.stack.runScheduler(now);
    // Every shard item of a closed day is closed: the referral cells' and the outcome's.
    expect(first.countersCompacted).toBe(shardsOf('ref_a', 'ref_b') + 1);
    // And the closed day is rolled up: all referrals, platform telegram, outcome removed.
    expect(first.counterRollups).toBe(3);
    expect((await rollup('platform', oldDay, 'telegram'))?.['count']).toBe(2);
    expect((await rollup('all', oldDay, 'referrals'))?.['count']).toBe(2);
    expect((await rollup('outcome', oldDay, 'removed'))?.['count']).toBe(1);
    expect(await rollup('platform', recentDay, 'telegram')).toBeUndefined();
    const compacted = await referralCounter(oldDay);
    expect(compacted.counting).toEqual([]);
    expect(compacted.count).toBe(2);
    expect(compacted.compactedAt).toEqual(new Set([now.toISOString()]));
    expect((await counter('outcome', oldDay, 'removed')).compactedAt).toEqual(new Set([now.toISOString()]));
    expect((await counter('indicator', oldDay, 'btc:bc1qexample')).compactedAt).toEqual(new Set([undefined]));
    // Inside the window: a first count may still come, so the day stays open.
    expect((await referralCounter(recentDay)).compactedAt).toEqual(new Set([undefined]));
    expect(await platformTotals()).toEqual(before);
    const marker = await local.documentClient.send(new GetCommand({ TableName: local.stack.config.TABLE_NAME, Key: keys.counterCompactionMarker(referralCounterPartition), ConsistentRead: true }));
    expect(marker.Item?.['compactedBefore']).toBe(dayAgo(30));

    // A repeated run finds nothing left to compact and changes nothing.
    const repeat = await local.stack.runScheduler(now);
    expect(repeat.countersCompacted).toBe(0);
    expect((await referralCounter(oldDay)).count).toBe(2);

    // A redelivered count for a day inside the window still counts exactly once.
    expect(await store.countReferral(recentDay, 'ref_c', telegram)).toBe(false);
    expect(await store.countReferral(recentDay, 'ref_d', telegram)).toBe(true);
    expect(await store.countReferral(recentDay, 'ref_d', telegram)).toBe(false);
    expect((await referralCounter(recentDay)).count).toBe(2);

    // Past the window only a repeat can reach a compacted counter: its claim says it was counted.
    // (A first count that late, which the window rules out, is refused when its shard exists.)
    expect(await store.countReferral(oldDay, 'ref_a', telegram)).toBe(false);
    const lateOnSameShard = Array.from({ length: 200 }, (_, i) => `ref_late_${i}`).find((id) => counterShardOf(id) === counterShardOf('ref_a')) ?? '';
    expect(await store.countReferral(oldDay, lateOnSameShard, telegram)).toBe(false);
    expect((await referralCounter(oldDay)).count).toBe(2);
    // A first count on a closed day, which the window rules out (no SQS message lives that long),
    // finds no shard to refuse it: it is stored, but the closed day reads as its rollup.
    expect(await store.countOnce('outcome', oldDay, 'restricted', 'ref_e')).toBe(true);
    expect((await counter('outcome', oldDay, 'restricted')).count).toBe(1);
    expect(await totals('outcome')).toEqual({ removed: 1 });
    expect(await platformTotals()).toEqual({ telegram: 4 });

    // Once the recent day leaves the window it is compacted too, with its count intact.
    const later = await local.stack.runScheduler(new Date(now.getTime() + 40 * dayMs));
    expect(later.countersCompacted).toBe(shardsOf('ref_c', 'ref_d'));
    expect((await rollup('platform', recentDay, 'telegram'))?.['count']).toBe(2);
    const recent = await referralCounter(recentDay);
    expect(recent.compactedAt).toEqual(new Set([new Date(now.getTime() + 40 * dayMs).toISOString()]));
    expect(recent.count).toBe(2);
    expect(await store.countReferral(recentDay, 'ref_d', telegram)).toBe(false);
    expect(await platformTotals()).toEqual({ telegram: 4 });
  });
});
