import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactionMarkerKey } from '../../functions/adapters/counter-compaction-store';
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

const counter = async (dimension: string, day: string, value: string) =>
  (await local.documentClient.send(new GetCommand({ TableName: local.stack.config.TABLE_NAME, Key: { pk: `STAT#${dimension}`, sk: `${day}#${value}` }, ConsistentRead: true }))).Item;

const platformTotals = async () => {
  const response = await fetch(`${local.apiUrl}/v1/stats/counts?by=platform&from=${oldDay}`, { headers: { authorization: `Bearer ${analyst}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { totals: Record<string, number> }).totals;
};

describe('trend counter compaction', () => {
  it('drops member sets of days past the redelivery window, keeps counts exact and never counts twice', async () => {
    const { store } = local;
    expect(await store.countOnce('platform', oldDay, 'telegram', 'ref_a')).toBe(true);
    expect(await store.countOnce('platform', oldDay, 'telegram', 'ref_b')).toBe(true);
    expect(await store.countOnce('platform', oldDay, 'telegram', 'ref_a')).toBe(false);
    expect(await store.countOnce('outcome', oldDay, 'removed', 'ref_a')).toBe(true);
    // Indicators may be counted late on the referral's first day, so they keep their sets.
    expect(await store.countOnce('indicator', oldDay, 'btc:bc1qexample', 'ref_a')).toBe(true);
    expect(await store.countOnce('platform', recentDay, 'telegram', 'ref_c')).toBe(true);
    const before = await platformTotals();
    expect(before).toEqual({ telegram: 3 });

    const first = await local.stack.runScheduler(now);
    expect(first.countersCompacted).toBe(2);
    const compacted = await counter('platform', oldDay, 'telegram');
    expect(compacted?.['members']).toBeUndefined();
    expect(compacted?.['count']).toBe(2);
    expect(compacted?.['compactedAt']).toBe(now.toISOString());
    expect((await counter('outcome', oldDay, 'removed'))?.['members']).toBeUndefined();
    expect((await counter('indicator', oldDay, 'btc:bc1qexample'))?.['members']).toEqual(new Set(['ref_a']));
    // Inside the window: a redelivery may still come, so the set stays.
    expect((await counter('platform', recentDay, 'telegram'))?.['members']).toEqual(new Set(['ref_c']));
    expect(await platformTotals()).toEqual(before);
    const marker = await local.documentClient.send(new GetCommand({ TableName: local.stack.config.TABLE_NAME, Key: compactionMarkerKey('platform'), ConsistentRead: true }));
    expect(marker.Item?.['compactedBefore']).toBe(dayAgo(30));

    // A repeated run finds nothing left to compact and changes nothing.
    const repeat = await local.stack.runScheduler(now);
    expect(repeat.countersCompacted).toBe(0);
    expect((await counter('platform', oldDay, 'telegram'))?.['count']).toBe(2);

    // A redelivered count for a day inside the window still counts exactly once.
    expect(await store.countOnce('platform', recentDay, 'telegram', 'ref_c')).toBe(false);
    expect(await store.countOnce('platform', recentDay, 'telegram', 'ref_d')).toBe(true);
    expect(await store.countOnce('platform', recentDay, 'telegram', 'ref_d')).toBe(false);
    expect((await counter('platform', recentDay, 'telegram'))?.['count']).toBe(2);

    // Past the window only a repeat can reach a compacted counter: it is refused, not counted again.
    expect(await store.countOnce('platform', oldDay, 'telegram', 'ref_a')).toBe(false);
    expect(await store.countOnce('platform', oldDay, 'telegram', 'ref_late')).toBe(false);
    expect((await counter('platform', oldDay, 'telegram'))?.['count']).toBe(2);
    // A value never counted that day has no counter to confuse a repeat with: it is counted.
    expect(await store.countOnce('platform', oldDay, 'x', 'ref_e')).toBe(true);
    expect(await platformTotals()).toEqual({ telegram: 4, x: 1 });

    // Once the recent day leaves the window it is compacted too, with its count intact.
    const later = await local.stack.runScheduler(new Date(now.getTime() + 40 * dayMs));
    expect(later.countersCompacted).toBe(1);
    const recent = await counter('platform', recentDay, 'telegram');
    expect(recent?.['members']).toBeUndefined();
    expect(recent?.['count']).toBe(2);
    expect(await store.countOnce('platform', recentDay, 'telegram', 'ref_d')).toBe(false);
    expect(await platformTotals()).toEqual({ telegram: 4, x: 1 });
  });
});
