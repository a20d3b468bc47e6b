import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsStore } from '../../functions/adapters/stores/stats-store';
import { counterShardCount, referralCells, type ReferralCellSource } from '../../functions/core/trends/counter-cells';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
let stats: StatsStore;

beforeAll(async () => {
  local = await startLocalStack();
  local.stack.stopScheduler();
  stats = local.stores.stats;
});
afterAll(async () => {
  await local?.stop();
});

const day = '2026-03-14';
const platforms = ['telegram', 'x', 'youtube'];
const groups = [[], ['ISIL/Daesh'], ['ISIL/Daesh', 'Hizb ut-Tahrir'], ['al-Qaida']];
const referral = (i: number): ReferralCellSource => ({
  category: i % 3 === 0 ? 'recruitment' : 'fundraising',
  platform: platforms[i % platforms.length] ?? 'telegram',
  language: i % 5 === 0 ? undefined : 'ar',
  priority: `P${(i % 4) + 1}`,
  groups: groups[i % groups.length],
});

const expectedTally = (ids: number[], valuesOf: (source: ReferralCellSource) => string[]) => {
  const tally: Record<string, number> = {};
  for (const i of ids) for (const value of valuesOf(referral(i))) tally[value] = (tally[value] ?? 0) + 1;
  return tally;
};
const read = async (dimension: string) => Object.fromEntries((await stats.counters(dimension, day, day)).rows.map((row) => [row.value, row.count]));

describe('referral cells: every trend dimension of a new referral in one write', () => {
  it('counts 120 referrals exactly once in every cell, though each is counted three times at once', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => i);
    // Three concurrent counts per referral, all at once: first counts race to create each of the
    // day's shard items, repeats race with their first count.
    const results = await Promise.all(ids.flatMap((i) => [0, 1, 2].map(() => local.store.countReferral(day, `ref_${i}`, referralCells(referral(i))))));
    expect(results.filter(Boolean).length).toBe(ids.length);

    expect(await read('all')).toEqual({ referrals: 120 });
    expect(await read('category')).toEqual(expectedTally(ids, (r) => [r.category]));
    expect(await read('platform')).toEqual(expectedTally(ids, (r) => [r.platform]));
    expect(await read('language')).toEqual(expectedTally(ids, (r) => [r.language ?? 'und']));
    expect(await read('priority')).toEqual(expectedTally(ids, (r) => [r.priority]));
    expect(await read('group')).toEqual(expectedTally(ids, (r) => [...(r.groups ?? [])]));
    // One item per shard holds the day: the read is bounded by shards, not referrals.
    const range = await stats.counters('platform', day, day);
    expect(range.itemsRead).toBe(counterShardCount);
  });

  it('counts a referral with no group and an unknown language under und, and a repeat changes nothing', async () => {
    const other = '2026-03-15';
    expect(await local.store.countReferral(other, 'ref_solo', referralCells({ category: 'attack_planning', platform: 'other', priority: 'P1' }))).toBe(true);
    expect(await local.store.countReferral(other, 'ref_solo', referralCells({ category: 'attack_planning', platform: 'other', priority: 'P1' }))).toBe(false);
    const language = await stats.counters('language', other, other);
    expect(language.rows).toEqual([{ day: other, value: 'und', count: 1 }]);
    expect((await stats.counters('group', other, other)).rows).toEqual([]);
    expect((await stats.counters('all', day, other)).rows).toEqual([
      { day, value: 'referrals', count: 120 },
      { day: other, value: 'referrals', count: 1 },
    ]);
  });
});
